from . import accrochage_generate_wizard
from . import accrochage_generate_wizard_exclusion
from . import accrochage_report_import_wizard
from . import accrochage_file_deposit_wizard
