from . import accrochage_generate_wizard
from . import accrochage_report_import_wizard
from . import accrochage_file_deposit_wizard
from . import accrochage_generate_wizard_correction
from . import accrochage_generate_wizard_routine
