from records.models.package import RecordsPackage
from records.models.requests import RecordRequest
from records.models.retention import RetentionSchedule

__all__ = ["RecordRequest", "RecordsPackage", "RetentionSchedule"]
