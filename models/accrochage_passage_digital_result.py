# Copyright 2026 l10n_fr_accrochage contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import flux
from .accrochage_passage import LOCKED_STATES


class AccrochagePassageDigitalResult(models.Model):
    """One DigComp competence result of a passage (bloc 6 resultat)."""

    _name = "accrochage.passage.digital.result"
    _description = "Accrochage Passage Digital Result"
    _order = "passage_id, area, competence, id"

    passage_id = fields.Many2one(
        "accrochage.passage",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="passage_id.company_id", store=True)
    area = fields.Char(
        required=True,
        help="DigComp competence area: 1 information and data literacy, "
        "2 communication and collaboration, 3 digital content creation, "
        "4 safety, 5 problem solving.",
    )
    competence = fields.Char(
        required=True,
        help="Competence within the area (1 to 6).",
    )
    level = fields.Integer(required=True, default=1, help="Level reached, 1 to 8.")

    def _check_passage_unlocked(self, passages):
        """The digital results are data of their passage: locked with it."""
        if self.env.context.get("accrochage_passage_force_edit"):
            return
        locked = passages.filtered(lambda passage: passage.state in LOCKED_STATES)
        if locked:
            raise locked[0]._locked_error({"digital_result_ids"})

    @api.model_create_multi
    def create(self, vals_list):
        self._check_passage_unlocked(
            self.env["accrochage.passage"].browse(
                [vals["passage_id"] for vals in vals_list if vals.get("passage_id")]
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        passages = self.passage_id
        if vals.get("passage_id"):
            passages |= passages.browse(vals["passage_id"])
        self._check_passage_unlocked(passages)
        return super().write(vals)

    def unlink(self):
        self._check_passage_unlocked(self.passage_id)
        return super().unlink()

    @api.constrains("area", "competence", "level")
    def _check_values(self):
        for result in self:
            competences = flux.DIGCOMP_COMPETENCES.get(result.area, 0)
            if (
                str(result.competence)
                not in {str(number) for number in range(1, competences + 1)}
                or not 1 <= result.level <= flux.DIGITAL_LEVEL_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "Passage %(passage)s: the digital result "
                        "%(area)s.%(competence)s level %(level)s is not valid: "
                        "DigComp 2.1 has the areas 1 to 5 (1: 3 competences, 2: "
                        "6, 3 to 5: 4) and the levels 1 to %(max_level)s.",
                        passage=result.passage_id.display_name,
                        area=result.area,
                        competence=result.competence,
                        level=result.level,
                        max_level=flux.DIGITAL_LEVEL_MAX,
                    )
                )
