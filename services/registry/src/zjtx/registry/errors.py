"""The registry's expected errors, each with its stable code."""

from zjtx.common.errors import Conflict, NotFound, Unprocessable


class UnknownDistrict(Unprocessable):
    code, title = "district_unknown", "Unknown district or zone"


class UnknownCluster(Unprocessable):
    code, title = "cluster_unknown", "Unknown industrial cluster"


class UnknownPark(Unprocessable):
    code, title = "park_unknown", "Unknown park"


class EnterpriseNotFound(NotFound):
    code, title = "enterprise_not_found", "No enterprise with this credit code"


class EnterpriseAlreadyRegistered(Conflict):
    code, title = "enterprise_exists", "An enterprise with this credit code is already registered"


class RelocationWithinCity(Unprocessable):
    code, title = "relocation_within_city", "A move into Hohhot must come from outside the city"


class ScaleReportExists(Conflict):
    code, title = "scale_report_exists", "A scale report for this year is already recorded"


class YearInFuture(Unprocessable):
    code, title = "year_in_future", "The year has not ended yet"


class ExpiryBeforeRecognition(Unprocessable):
    code, title = "expiry_before_recognition", "The expiry date must be after the recognition date"


class ExpiryRequired(Unprocessable):
    code, title = "expiry_required", "No default validity is on record for this date; give expires_on"


class RecognitionAlreadyLive(Conflict):
    code, title = "recognition_already_live", "The enterprise already holds a valid recognition of this tier"


class RecognitionNotFound(NotFound):
    code, title = "recognition_not_found", "No such recognition of this enterprise"


class RecognitionNotValid(Conflict):
    code, title = "recognition_not_valid", "Only a valid recognition can be revoked"


class RevocationBeforeRecognition(Unprocessable):
    code, title = "revocation_before_recognition", "A recognition cannot be revoked before it was granted"


class ParkNotFound(NotFound):
    code, title = "park_not_found", "No such park"


class ParkNameTaken(Conflict):
    code, title = "park_exists", "A park with this name already exists"


class PoolNotFound(NotFound):
    code, title = "pool_not_found", "No such cultivation pool"


class AlreadyInPool(Conflict):
    code, title = "already_in_pool", "The enterprise is already in this pool"


class NotInPool(NotFound):
    code, title = "not_in_pool", "The enterprise is not in this pool"


class LeftBeforeJoined(Unprocessable):
    code, title = "left_before_joined", "The leaving date is before the joining date"


class InvalidServiceRecord(Unprocessable):
    code, title = "service_record_invalid", "The service record is not valid"


class InvalidInspection(Unprocessable):
    code, title = "inspection_invalid", "The inspection is not valid"


class TotalAssetsRequired(Unprocessable):
    code, title = "total_assets_required", "The size of an enterprise of this sector is measured by its total assets"


class EffectiveBeforeRegistration(Unprocessable):
    code, title = "effective_before_registration", "A change cannot take effect before the enterprise was registered"


class BeforeRegistration(NotFound):
    code, title = "before_registration", "The enterprise was not registered yet on that date"


class LicenceRequired(Unprocessable):
    code, title = "licence_required", "This sector is above scale by licence: say whether it qualifies"


class LicenceNotApplicable(Unprocessable):
    code, title = "licence_not_applicable", "This sector is above scale by revenue, not by licence"


class CreditListEntryNotFound(NotFound):
    code, title = "credit_list_entry_not_found", "No such credit list entry of this enterprise"


class CreditListRemovalInvalid(Unprocessable):
    code, title = "credit_list_removal_invalid", "An enterprise is taken off a credit list after it was put on it"


class CreditListEntryRemoved(Conflict):
    code, title = "credit_list_entry_removed", "The enterprise has already been taken off this list"


class RecognitionWithdrawn(Conflict):
    code, title = "recognition_withdrawn", "The recognition was withdrawn as recorded in error"


class ScaleReportNotFound(NotFound):
    code, title = "scale_report_not_found", "The enterprise has reported no such year"


class InspectionNotFound(NotFound):
    code, title = "inspection_not_found", "No such inspection of this enterprise"
