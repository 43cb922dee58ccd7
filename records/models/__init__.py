from records.models.package import RecordsPackage
from records.models.requests import RecordRequest

__all__ = ["RecordRequest", "RecordsPackage"]
