"""Tasks the worker runs for privacy, named by dotted path (see `scheduling/migrations`)."""

import logging

from privacy.models import DataExport
from privacy.services import export

logger = logging.getLogger(__name__)


def export_build(export_id: int) -> str:
    """Build one archive; if it cannot be built, say so on the member's page rather than
    leave the request waiting for ever."""
    try:
        built = export.export_build(export_id=export_id)
    except Exception:
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
            status=DataExport.Status.FAILED
        )
        raise
    return "built" if built else "nothing to build"


def exports_expire() -> int:
    return export.exports_expire()
