from . import test_accrochage_certifier
from . import test_accrochage_ui
from . import test_accrochage_generate
from . import test_accrochage_i18n
from . import test_accrochage_partner
from . import test_accrochage_certification
from . import test_accrochage_passage
