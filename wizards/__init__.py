from . import accrochage_generate_wizard
