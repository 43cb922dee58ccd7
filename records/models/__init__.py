from records.models.package import RecordsPackage

__all__ = ["RecordsPackage"]
