"""Every message of the flux package, in French and English.

A finding (:class:`flux.Problem`) or an error (:class:`flux.FluxError`,
:class:`flux.ReportError`) carries a ``code`` (a key of :data:`MESSAGES`) and
``params`` (a dict of plain values: str, int, None, lists of str); its text is
rendered on demand in the user's language by :func:`render` (``lang`` starting
with ``"fr"``: French, anything else: English). The French text is what users
read first: it names the element once (by its label), says what is wrong and
how to fix it.

Templates are :meth:`str.format` templates over ``params``, plus these values
that :func:`render` derives in the target language:

* ``label``: the label of the element ``field`` (under ``parent`` when given),
  unless ``params`` gives one;
* ``char_name`` / ``char_names``: ``"U+200B ESPACE SANS CHASSE"``, from the code
  point ``char`` / the list of code points ``chars``;
* ``<name>_date`` for a parameter ``<name>`` holding an ISO date
  (``"2025-05-02"``): ``02/05/2025`` in French, unchanged in English;
* ``<name>_chars`` for an int parameter: ``"8 caractères"`` / ``"8 characters"``;
* ``choices``: a list written ``"A, B ou C"`` / ``"A, B or C"``; ``values``: a
  list written ``"A, B, C"``; ``expected``: element names written with their
  labels;
* ``hint``: the code of another message, rendered after a space (or nothing);
  ``reason``: the code of another message, rendered with the same parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .dictionary import label_for
from .text import char_of, describe_char

# fmt: off
MESSAGES: dict[str, dict[str, str]] = {
    # -- values -----------------------------------------------------------------
    "missing_value": {
        "fr": "« {label} » est obligatoire : renseignez-le.",
        "en": "“{label}” is required: fill it in.",
    },
    "missing_in_dictionary": {
        "fr": "« {label} » est obligatoire (dictionnaire CDC) : renseignez-le.",
        "en": "“{label}” is required (CDC data dictionary): fill it in.",
    },
    "missing_in_version": {
        "fr": "« {label} » est obligatoire dans le schéma {version} : renseignez-le.",
        "en": "“{label}” is required by schema {version}: fill it in.",
    },
    "required_in_version": {
        "fr": "« {label} » est obligatoire dans le schéma {version} et ne peut pas "
              "être envoyé vide (nil) : renseignez-le.",
        "en": "“{label}” is required by schema {version} and cannot be sent empty "
              "(nil): fill it in.",
    },
    "holder_missing": {
        "fr": "Le titulaire n'est pas identifié : indiquez son état civil, son "
              "dossier CPF ou son NIR.",
        "en": "The holder is not identified: give their civil status, their CPF "
              "file or their NIR.",
    },
    "wrong_object": {
        "fr": "« {label} » doit être un objet {expected_type} du paquet flux (reçu "
              "{type}) : c'est une erreur de programmation, signalez-la.",
        "en": "“{label}” must be a flux {expected_type} object (got {type}): this is "
              "a programming error, please report it.",
    },
    "not_a_text": {
        "fr": "« {label} » doit être un texte (reçu une valeur de type {type}).",
        "en": "“{label}” must be a text (got a value of type {type}).",
    },
    "not_an_integer": {
        "fr": "« {label} » doit être un nombre entier écrit en chiffres 0 à 9 (reçu "
              "« {value} »).",
        "en": "“{label}” must be a whole number written with the digits 0 to 9 (got "
              "“{value}”).",
    },
    "not_a_date": {
        "fr": "« {label} » doit être une date (reçu « {value} »).",
        "en": "“{label}” must be a date (got “{value}”).",
    },
    "datetime_for_date": {
        "fr": "« {label} » doit être une date sans heure (reçu « {value} ») : "
              "donnez le jour seulement.",
        "en": "“{label}” must be a date without a time (got “{value}”): give the "
              "day only.",
    },
    "not_a_boolean": {
        "fr": "« {label} » doit valoir vrai ou faux (reçu « {value} »).",
        "en": "“{label}” must be true or false (got “{value}”).",
    },
    "out_of_range": {
        "fr": "« {label} » vaut {value} : il doit être compris entre {min} et {max}.",
        "en": "“{label}” is {value}: it must be between {min} and {max}.",
    },
    "date_out_of_range": {
        "fr": "« {label} » ({value_date}) doit être comprise entre 1900 et 2099 : "
              "vérifiez l'année.",
        "en": "“{label}” ({value_date}) must be between 1900 and 2099: check the "
              "year.",
    },
    "wrong_length": {
        "fr": "« {label} » doit faire exactement {length_chars} ; « {value} » en "
              "fait {size}.",
        "en": "“{label}” must be exactly {length_chars} long; “{value}” has {size}.",
    },
    "too_long": {
        "fr": "« {label} » fait {size} caractères pour {max} au maximum : "
              "raccourcissez-le (il ne sera pas tronqué automatiquement).",
        "en": "“{label}” has {size} characters, {max} at most: shorten it (it will "
              "not be cut automatically).",
    },
    "not_in_list": {
        "fr": "« {label} » vaut « {value} », qui n'est pas une valeur autorisée "
              "({values}).",
        "en": "“{label}” is “{value}”, which is not an allowed value ({values}).",
    },
    "nil_literal": {
        "fr": "« {label} » vaut « {value} » : ce texte serait enregistré comme "
              "donnée. Pour une donnée inconnue, laissez le champ vide (le fichier "
              'portera xsi:nil="true" ou omettra la balise).',
        "en": "“{label}” is “{value}”: this text would be stored as data. For an "
              "unknown value, leave the field empty (the file will carry "
              'xsi:nil="true" or leave the element out).',
    },
    "nil_literal_name": {
        "fr": "« {label} » vaut « {value} » : ce texte serait enregistré comme "
              "donnée. Pour une donnée inconnue, laissez le champ vide. Ignorez cet "
              "avertissement si c'est vraiment le nom.",
        "en": "“{label}” is “{value}”: this text would be stored as data. For an "
              "unknown value, leave the field empty. Ignore this warning if it "
              "really is the name.",
    },
    # -- characters -------------------------------------------------------------
    "forbidden_character": {
        "fr": "« {label} » contient le caractère {char_name}, interdit en XML 1.0 : "
              "retirez-le de la saisie.",
        "en": "“{label}” contains the character {char_name}, which XML 1.0 forbids: "
              "remove it.",
    },
    "control_character": {
        "fr": "« {label} » contient le caractère {char_name}, un caractère de "
              "commande ou un non-caractère, jamais valide dans un texte (souvent "
              "un texte mal converti depuis Windows-1252) : retirez-le de la saisie.",
        "en": "“{label}” contains the character {char_name}, a control character or "
              "a noncharacter, never valid in a text (often text badly converted "
              "from Windows-1252): remove it.",
    },
    "invisible_in_identifier": {
        "fr": "« {label} » contient le caractère invisible {char_name}, refusé dans "
              "un identifiant ou un code : retirez-le de la saisie.",
        "en": "“{label}” contains the invisible character {char_name}, refused in an "
              "identifier or a code: remove it.",
    },
    "invisible_character": {
        "fr": "« {label} » contient un ou plusieurs caractères invisibles "
              "({char_names}) : ils seront retirés du fichier, qui portera "
              "« {value} ». Corrigez la saisie pour que la fiche corresponde au "
              "fichier envoyé.",
        "en": "“{label}” contains invisible characters ({char_names}): they will be "
              "removed from the file, which will carry “{value}”. Correct the record "
              "so that it matches the file sent.",
    },
    "invisible_character_in_file": {
        "fr": "« {label} » contient un ou plusieurs caractères invisibles "
              "({char_names}) : la CDC ne reconnaîtrait pas la valeur. Retirez-les "
              "du fichier.",
        "en": "“{label}” contains invisible characters ({char_names}): the CDC would "
              "not recognise the value. Remove them from the file.",
    },
    "whitespace": {
        "fr": "« {label} » contient des espaces en trop ou un retour à la ligne ; "
              "ils seront retirés dans le fichier. Corrigez la saisie pour que la "
              "fiche corresponde au fichier envoyé.",
        "en": "“{label}” has extra spaces or a line break; they will be removed in "
              "the file. Correct the record so that it matches the file sent.",
    },
    "whitespace_in_file": {
        "fr": "« {label} » commence ou finit par un espace, ou contient un retour à "
              "la ligne : ces caractères font partie de la donnée. Écrivez la "
              "valeur sur une ligne, sans espace autour.",
        "en": "“{label}” starts or ends with a space, or contains a line break: "
              "these characters are part of the data. Write the value on one line, "
              "without spaces around it.",
    },
    "not_nfc": {
        "fr": "« {label} » n'est pas en forme Unicode composée (NFC) : des lettres "
              "accentuées y sont écrites en deux caractères. Elle sera envoyée "
              "composée (« {value} »).",
        "en": "“{label}” is not in composed Unicode form (NFC): accented letters are "
              "written as two characters. It will be sent composed (“{value}”).",
    },
    "not_nfc_in_file": {
        "fr": "« {label} » n'est pas en forme Unicode composée (NFC) : des lettres "
              "accentuées y sont écrites en deux caractères, que la CDC peut ne pas "
              "reconnaître. Régénérez le fichier.",
        "en": "“{label}” is not in composed Unicode form (NFC): accented letters are "
              "written as two characters, which the CDC may not recognise. "
              "Generate the file again.",
    },
    # -- envelope ---------------------------------------------------------------
    "unsupported_version": {
        "fr": "Version de schéma « {version} » inconnue : choisissez {choices}.",
        "en": "Unknown schema version “{version}”: choose {choices}.",
    },
    "unsupported_action": {
        "fr": "Action « {action} » inconnue : choisissez {choices}.",
        "en": "Unknown action “{action}”: choose {choices}.",
    },
    "withdrawal_unsupported": {
        "fr": "La suppression de passages (action SUPPRESSION) n'existe qu'à partir "
              "du schéma XSD {since} : générez le fichier au format {since}.",
        "en": "Withdrawing passages (action SUPPRESSION) exists from XSD schema "
              "{since} only: generate the file in format {since}.",
    },
    "unsupported_identification": {
        "fr": "L'identification par NIR n'existe qu'à partir du schéma XSD {since} : "
              "générez le fichier au format {since} ou identifiez le titulaire par "
              "son état civil.",
        "en": "Identification by NIR exists from XSD schema {since} only: generate "
              "the file in format {since} or identify the holder by civil status.",
    },
    "flux_id_not_uuid": {
        "fr": "L'identifiant du flux « {value} » n'est pas un UUID, comme le "
              "demande le dictionnaire CDC : laissez-le vide pour qu'un UUID soit "
              "généré.",
        "en": "The file identifier “{value}” is not a UUID, as the CDC data "
              "dictionary asks: leave it empty to have a UUID generated.",
    },
    "flux_id_not_uuid_in_file": {
        "fr": "L'identifiant du flux « {value} » n'est pas un UUID, comme le "
              "demande le dictionnaire CDC : régénérez le fichier.",
        "en": "The file identifier “{value}” is not a UUID, as the CDC data "
              "dictionary asks: generate the file again.",
    },
    "timestamp_not_a_datetime": {
        "fr": "L'horodatage doit être une date avec l'heure (reçu « {value} ») : "
              "vérifiez la date du serveur.",
        "en": "The timestamp must be a date with a time (got “{value}”): check the "
              "server's date.",
    },
    "timestamp_out_of_range": {
        "fr": "L'horodatage {value} est hors des années {min} à {max} acceptées par "
              "la CDC : vérifiez la date du serveur.",
        "en": "The timestamp {value} is outside the years {min} to {max} the CDC "
              "accepts: check the server's date.",
    },
    "timestamp_paris_mean_time": {
        "fr": "L'horodatage {value} tombe avant le 11 mars 1911, quand Paris vivait "
              "à l'heure de son méridien (décalage de 9 min 21 s, qui ne s'écrit pas "
              "+HH:MM) : vérifiez la date du serveur.",
        "en": "The timestamp {value} falls before 11 March 1911, when Paris kept "
              "its own mean time (an offset of 9 min 21 s, which +HH:MM cannot "
              "write): check the server's date.",
    },
    "no_certification": {
        "fr": "Le fichier ne contient aucune certification : ajoutez au moins un "
              "passage de certification.",
        "en": "The file holds no certification: add at least one certification "
              "passage.",
    },
    "no_passage": {
        "fr": "La certification {code} n'a aucun passage : retirez-la ou ajoutez ses "
              "passages.",
        "en": "Certification {code} has no passage: remove it or add its passages.",
    },
    "too_many_passages": {
        "fr": "Le fichier compte {count} passages pour {max} au plus par fichier : "
              "il sera découpé en plusieurs fichiers.",
        "en": "The file has {count} passages, {max} at most per file: it will be "
              "split into several files.",
    },
    "certification_type": {
        "fr": "Le type de certification « {value} » n'est pas accepté : indiquez "
              "{choices}.",
        "en": "Certification type “{value}” is not accepted: give {choices}.",
    },
    "certification_code": {
        "fr": "Le code « {value} » doit s'écrire avec son préfixe et sans espace, "
              "par exemple RNCP12345 ou RS1234 (tel qu'il figure sur France "
              "compétences).",
        "en": "Code “{value}” must be written with its prefix and without spaces, "
              "for example RNCP12345 or RS1234 (as on France compétences).",
    },
    "certification_type_mismatch": {
        "fr": "Le code « {value} » ne correspond pas au type « {type} » : un code "
              "{prefix} va avec le type {prefix}.",
        "en": "Code “{value}” does not match type “{type}”: a {prefix} code goes "
              "with type {prefix}.",
    },
    "duplicate_certification": {
        "fr": "La certification {value} est donnée deux fois : ses passages seront "
              "regroupés sous une seule certification dans le fichier.",
        "en": "Certification {value} is given twice: its passages will be grouped "
              "under one certification in the file.",
    },
    "duplicate_certification_in_file": {
        "fr": "La certification {value} apparaît deux fois dans le fichier : "
              "regroupez ses passages sous une seule certification.",
        "en": "Certification {value} appears twice in the file: group its passages "
              "under one certification.",
    },
    # -- passages ---------------------------------------------------------------
    "duplicate_technical_id": {
        "fr": "L'ID technique « {value} » est utilisé par plusieurs passages du "
              "fichier (à des caractères invisibles ou des espaces près) : chaque "
              "passage doit avoir le sien.",
        "en": "Technical ID “{value}” is used by several passages of the file (up "
              "to invisible characters or spaces): each passage needs its own.",
    },
    "technical_id_already_sent": {
        "fr": "L'ID technique « {value} » a déjà été envoyé à la CDC : un passage "
              "accepté ne se renvoie pas ; pour le corriger, supprimez-le "
              "(SUPPRESSION) puis recréez-le.",
        "en": "Technical ID “{value}” was already sent to the CDC: an accepted "
              "passage is not sent again; to correct it, withdraw it (SUPPRESSION), "
              "then create it again.",
    },
    "exam_dates_order": {
        "fr": "La date de fin de l'examen ({end_date}) est antérieure à sa date de "
              "début ({start_date}) : corrigez l'une des deux.",
        "en": "The exam end date ({end_date}) is before its start date "
              "({start_date}): correct one of them.",
    },
    "validity_dates_order": {
        "fr": "La date de fin de validité ({end_date}) est antérieure à la date de "
              "début de validité ({start_date}) : la CDC refuserait le passage. "
              "Corrigez-la, ou laissez-la vide si la certification n'expire pas.",
        "en": "The validity end date ({end_date}) is before the validity start date "
              "({start_date}): the CDC would refuse the passage. Correct it, or "
              "leave it empty if the certification does not expire.",
    },
    "issue_before_exam_start": {
        "fr": "La date de délivrance (début de validité, {issue_date}) est "
              "antérieure au début de l'examen ({exam_date}) : une certification se "
              "délivre après l'examen. Vérifiez l'une des deux.",
        "en": "The issue date (validity start, {issue_date}) is before the exam "
              "starts ({exam_date}): a certification is issued after the exam. "
              "Check one of them.",
    },
    "issue_before_exam_end": {
        "fr": "La date de délivrance (début de validité, {issue_date}) est "
              "antérieure à la fin de l'examen ({exam_date}) : vérifiez les dates "
              "(la délivrance suit d'ordinaire la fin des épreuves).",
        "en": "The issue date (validity start, {issue_date}) is before the exam "
              "ends ({exam_date}): check the dates (the issue usually follows the "
              "end of the tests).",
    },
    "issue_date_future": {
        "fr": "La date de début de validité ({issue_date}) est dans le futur : "
              "n'envoyez le passage qu'une fois la certification délivrée.",
        "en": "The validity start date ({issue_date}) is in the future: send the "
              "passage once the certification is issued.",
    },
    "late_transmission": {
        "fr": "La certification a été délivrée le {issue_date}, il y a plus de "
              "{months} mois (délai de l'article R.6113-17-2 du code du travail) : "
              "envoyez-la sans attendre.",
        "en": "The certification was issued on {issue_date}, more than {months} "
              "months ago (deadline of article R.6113-17-2 of the French labour "
              "code): send it without delay.",
    },
    "language_presence_mismatch": {
        "fr": "La présence d'un niveau de langue européen est indiquée mais le "
              "niveau (A1 à C2 ou INSUFFISANT) manque : renseignez-le ou indiquez "
              "l'absence de niveau.",
        "en": "A European language level is said to be given but the level (A1 to "
              "C2 or INSUFFISANT) is missing: fill it in or say there is no level.",
    },
    "language_level_without_flag": {
        "fr": "Un niveau de langue ({value}) est donné alors que la présence d'un "
              "niveau de langue européen vaut « faux » : mettez-la à « vrai » ou "
              "retirez le niveau.",
        "en": "A language level ({value}) is given while “European language level "
              "given” is false: set it to true or remove the level.",
    },
    "digital_presence_mismatch": {
        "fr": "La présence d'un niveau numérique européen est indiquée mais le bloc "
              "DigComp (score général et résultats) manque : renseignez-le ou "
              "indiquez l'absence de niveau.",
        "en": "A European digital level is said to be given but the DigComp block "
              "(overall score and results) is missing: fill it in or say there is "
              "no level.",
    },
    "digital_level_without_flag": {
        "fr": "Un niveau numérique DigComp est donné alors que la présence d'un "
              "niveau numérique européen vaut « faux » : mettez-la à « vrai » ou "
              "retirez le niveau.",
        "en": "A DigComp digital level is given while “European digital level "
              "given” is false: set it to true or remove the level.",
    },
    "digital_score_missing": {
        "fr": "Le score général DigComp (1 à {max}) doit être renseigné quand le "
              "niveau numérique européen est présent.",
        "en": "The DigComp overall score (1 to {max}) must be given when the "
              "European digital level is.",
    },
    "digital_result_incomplete": {
        "fr": "Un résultat DigComp doit indiquer le domaine, la compétence et le "
              "niveau obtenu (1 à {max}) : complétez-le ou retirez-le.",
        "en": "A DigComp result must give the area, the competence and the level "
              "reached (1 to {max}): complete it or remove it.",
    },
    "digital_competence_unknown": {
        "fr": "La compétence DigComp {area}.{competence} n'existe pas : les domaines "
              "vont de 1 à 5 (1 : 3 compétences, 2 : 6, 3 à 5 : 4).",
        "en": "DigComp competence {area}.{competence} does not exist: areas go from "
              "1 to 5 (1: 3 competences, 2: 6, 3 to 5: 4).",
    },
    "digital_competence_twice": {
        "fr": "La compétence DigComp {area}.{competence} est donnée deux fois : "
              "gardez un seul résultat par compétence.",
        "en": "DigComp competence {area}.{competence} is given twice: keep one "
              "result per competence.",
    },
    "scoring_missing": {
        "fr": "La certification est obtenue par scoring mais le score n'est pas "
              "renseigné : indiquez le score obtenu.",
        "en": "The certification is obtained by scoring but the score is missing: "
              "give the score reached.",
    },
    "vae_route_without_vae": {
        "fr": "Une voie d'accès VAE ({route}) est indiquée alors que la modalité "
              "d'accès est {access} : retirez-la ou choisissez la modalité VAE.",
        "en": "A VAE route ({route}) is given while the access route is {access}: "
              "remove it or choose the VAE access route.",
    },
    "registration_after_issue": {
        "fr": "La date d'inscription ({registration_date}) est postérieure à la date "
              "de délivrance ({issue_date}) : vérifiez-la.",
        "en": "The registration date ({registration_date}) is after the issue date "
              "({issue_date}): check it.",
    },
    # -- holder -----------------------------------------------------------------
    "nir_format": {
        "fr": "Le NIR « {value} » est mal formé : 13 caractères (ou 15 avec la "
              "clé), chiffres 0 à 9, commençant par 1 ou 2 ; les numéros "
              "provisoires (NIA, commençant par 3, 4, 7 ou 8) ne sont pas acceptés.",
        "en": "NIR “{value}” is malformed: 13 characters (or 15 with the key), "
              "digits 0 to 9, starting with 1 or 2; provisional numbers (NIA, "
              "starting with 3, 4, 7 or 8) are not accepted.",
    },
    "nir_key": {
        "fr": "La clé du NIR « {value} » est fausse : vérifiez le numéro sur la "
              "carte Vitale ou une attestation de sécurité sociale.",
        "en": "The key of NIR “{value}” is wrong: check the number on the Vitale "
              "card or a social security certificate.",
    },
    "nir_sex": {
        "fr": "Le NIR commence par {digit} alors que le sexe est {sex} (1 = homme, "
              "2 = femme) : vérifiez le NIR ou le sexe.",
        "en": "The NIR starts with {digit} while the sex is {sex} (1 = male, "
              "2 = female): check the NIR or the sex.",
    },
    "nir_birth_year": {
        "fr": "Le NIR indique une naissance en « {digits} » alors que l'année de "
              "naissance est {year} : vérifiez l'un des deux.",
        "en": "The NIR gives a birth in “{digits}” while the birth year is {year}: "
              "check one of them.",
    },
    "nir_birth_month": {
        "fr": "Le NIR indique le mois de naissance {nir_month:02d} alors que le mois "
              "de naissance est {month:02d} : vérifiez l'un des deux.",
        "en": "The NIR gives birth month {nir_month:02d} while the birth month is "
              "{month:02d}: check one of them.",
    },
    "birth_date_too_old": {
        "fr": "L'année de naissance {value} est antérieure à {min} : vérifiez-la sur "
              "une pièce d'état civil.",
        "en": "Birth year {value} is before {min}: check it on a civil status "
              "document.",
    },
    "birth_day_without_month": {
        "fr": "Le jour de naissance est donné sans le mois : renseignez le mois, ou "
              "laissez les deux vides.",
        "en": "The birth day is given without the month: fill in the month, or "
              "leave both empty.",
    },
    "impossible_date": {
        "fr": "La date de naissance {day:02d}/{month:02d}/{year} n'existe pas : "
              "vérifiez le jour et le mois sur une pièce d'état civil.",
        "en": "Birth date {year}-{month:02d}-{day:02d} does not exist: check the day "
              "and month on a civil status document.",
    },
    "birth_date_future": {
        "fr": "La date de naissance ({birth_date}) est dans le futur : vérifiez-la.",
        "en": "The birth date ({birth_date}) is in the future: check it.",
    },
    "birth_after_issue": {
        "fr": "La date de naissance est postérieure à la date de délivrance de la "
              "certification : vérifiez l'une des deux.",
        "en": "The birth date is after the certification's issue date: check one "
              "of them.",
    },
    "insee_format": {
        "fr": "Le code INSEE de naissance « {value} » est mal formé : 5 chiffres "
              "(2A ou 2B suivis de 3 chiffres pour la Corse, 99 suivi de 3 chiffres "
              "pour un pays étranger). Attention : ce n'est pas le code postal.",
        "en": "Birth INSEE code “{value}” is malformed: 5 digits (2A or 2B then 3 "
              "digits for Corsica, 99 then 3 digits for a foreign country). Note: "
              "it is not the postcode.",
    },
    "birthplace_both": {
        "fr": "Le code INSEE et le code postal de naissance sont tous deux "
              "renseignés : seul le code INSEE sera envoyé.",
        "en": "Both the birth INSEE code and the birth postcode are given: only the "
              "INSEE code will be sent.",
    },
    "postcode_format": {
        "fr": "Le code postal de naissance « {value} » n'est pas un code postal "
              "français à 5 chiffres : pour une naissance à l'étranger, indiquez le "
              "code INSEE du pays (99xxx).",
        "en": "Birth postcode “{value}” is not a 5-digit French postcode: for a "
              "birth abroad, give the INSEE code of the country (99xxx).",
    },
    "birthplace_unknown": {
        "fr": "La commune de naissance n'est pas renseignée (code postal envoyé "
              "vide) : indiquez le code INSEE de la commune, ou du pays (99xxx) pour "
              "une naissance à l'étranger, pour faciliter l'identification.",
        "en": "The birth commune is not given (postcode sent empty): give the INSEE "
              "code of the commune, or of the country (99xxx) for a birth abroad, "
              "to ease the identification.",
    },
    "country_for_france_birth": {
        "fr": "Un pays de naissance ({value}) est indiqué pour une personne née en "
              "France : laissez-le vide ; pour une naissance à l'étranger, indiquez "
              "le code INSEE du pays (99xxx) comme code INSEE de naissance.",
        "en": "A birth country ({value}) is given for someone born in France: leave "
              "it empty; for a birth abroad, give the country's INSEE code (99xxx) "
              "as the birth INSEE code.",
    },
    "country_code_mismatch": {
        "fr": "Le code pays de naissance « {value} » doit reprendre les 3 derniers "
              "chiffres du code INSEE {insee} (soit {expected_code}).",
        "en": "Birth country code “{value}” must repeat the last 3 digits of INSEE "
              "code {insee} (that is {expected_code}).",
    },
    # -- XML files --------------------------------------------------------------
    "xml_too_large": {
        "fr": "Le fichier fait {size} octets, plus que les {max} octets (200 Mo) "
              "que la CDC accepte par fichier : découpez-le en plusieurs fichiers.",
        "en": "The file has {size} bytes, more than the {max} bytes (200 MB) the CDC "
              "accepts per file: split it into several files.",
    },
    "xml_doctype": {
        "fr": "Le fichier contient une déclaration DOCTYPE ou ENTITY, refusée par "
              "sécurité : régénérez-le sans DTD.",
        "en": "The file has a DOCTYPE or ENTITY declaration, refused for security: "
              "generate it again without a DTD.",
    },
    "xml_encoding": {
        "fr": "Le fichier est encodé en {encoding} : la CDC n'accepte que le XML 1.0 "
              "encodé en UTF-8. Régénérez-le.",
        "en": "The file is encoded in {encoding}: the CDC only accepts XML 1.0 "
              "encoded in UTF-8. Generate it again.",
    },
    "xml_version": {
        "fr": "Le fichier est en XML {version} : la CDC n'accepte que le XML 1.0 "
              "encodé en UTF-8. Régénérez-le.",
        "en": "The file is in XML {version}: the CDC only accepts XML 1.0 encoded in "
              "UTF-8. Generate it again.",
    },
    "xml_declaration_missing": {
        "fr": "Le fichier ne commence pas par la déclaration XML "
              '<?xml version="1.0" encoding="UTF-8"?> : ajoutez-la, la CDC '
              "l'attend.",
        "en": "The file does not start with the XML declaration "
              '<?xml version="1.0" encoding="UTF-8"?>: add it, the CDC expects it.',
    },
    "xml_syntax": {
        "fr": "Le fichier n'est pas un XML bien formé : {reason} Régénérez-le.",
        "en": "The file is not well-formed XML: {reason} Generate it again.",
    },
    "reason_xml_syntax": {
        "fr": "ligne {line}, {detail}.",
        "en": "line {line}, {detail}.",
    },
    "reason_xml_empty": {
        "fr": "il ne contient aucun élément XML (vide, ou seulement des espaces ou "
              "la déclaration XML).",
        "en": "it holds no XML element (empty, or only spaces or the XML "
              "declaration).",
    },
    "reason_xml_truncated": {
        "fr": "il s'arrête avant la fin du document (ligne {line}, {detail}) : il "
              "est tronqué, ou une balise n'est pas fermée.",
        "en": "it stops before the end of the document (line {line}, {detail}): it "
              "is cut short, or a tag is not closed.",
    },
    "element_order": {
        "fr": "Les éléments du passage ne sont pas dans l'ordre du dictionnaire de "
              "la CDC : le schéma l'accepte, mais écrivez-les dans cet ordre pour "
              "des fichiers lisibles et comparables d'un envoi à l'autre.",
        "en": "The passage's elements are not in the CDC dictionary's order: the "
              "schema accepts it, but write them in that order for files that are "
              "readable and comparable from one sending to the next.",
    },
    "schema_more": {
        "fr": "Le schéma refuse d'autres éléments du fichier (erreurs au-delà des "
              "{max} premières, non listées) : corrigez celles-ci, puis vérifiez le "
              "fichier à nouveau.",
        "en": "The schema refuses more elements of the file (errors beyond the "
              "first {max}, not listed): correct these, then check the file again.",
    },
    # -- schema errors (translated from libxml2) --------------------------------
    "schema_enumeration": {
        "fr": "« {label} » vaut « {value} », qui n'est pas une valeur autorisée "
              "({values}).",
        "en": "“{label}” is “{value}”, which is not an allowed value ({values}).",
    },
    "schema_too_long": {
        "fr": "« {label} » fait {size} caractères pour {max} au maximum : "
              "raccourcissez-le.",
        "en": "“{label}” has {size} characters, {max} at most: shorten it.",
    },
    "schema_empty": {
        "fr": "« {label} » est vide : renseignez-le, ou envoyez xsi:nil=\"true\" si "
              "la donnée est inconnue et que le champ le permet.",
        "en": "“{label}” is empty: fill it in, or send xsi:nil=\"true\" if the value "
              "is unknown and the field allows it.",
    },
    "schema_length": {
        "fr": "« {label} » fait {size} caractères alors qu'il en faut exactement "
              "{length}.",
        "en": "“{label}” has {size} characters where exactly {length} are needed.",
    },
    "schema_pattern": {
        "fr": "« {label} » a un format incorrect (« {value} »).{hint}",
        "en": "“{label}” has a wrong format (“{value}”).{hint}",
    },
    "schema_range": {
        "fr": "« {label} » vaut {value} : cette valeur est hors des bornes "
              "autorisées.",
        "en": "“{label}” is {value}: this value is outside the allowed range.",
    },
    "schema_datatype": {
        "fr": "« {label} » a une valeur incorrecte (« {value} ») : vérifiez le type "
              "attendu (date AAAA-MM-JJ qui existe, nombre entier, true ou "
              "false).{hint}",
        "en": "“{label}” has a wrong value (“{value}”): check the expected type (an "
              "existing YYYY-MM-DD date, a whole number, true or false).{hint}",
    },
    "schema_missing_child": {
        "fr": "Il manque un élément dans « {label} » : {expected} attendu.",
        "en": "An element is missing in “{label}”: {expected} expected.",
    },
    "schema_unexpected": {
        "fr": "L'élément « {label} » n'est pas attendu à cet endroit (inconnu, en "
              "double, mal placé ou réservé à une autre version du schéma).",
        "en": "Element “{label}” is not expected here (unknown, repeated, misplaced "
              "or reserved to another schema version).",
    },
    "schema_unexpected_expected": {
        "fr": "L'élément « {label} » n'est pas attendu à cet endroit (inconnu, en "
              "double, mal placé ou réservé à une autre version du schéma). "
              "Attendu : {expected}.",
        "en": "Element “{label}” is not expected here (unknown, repeated, misplaced "
              "or reserved to another schema version). Expected: {expected}.",
    },
    "schema_root": {
        "fr": "L'élément racine n'est pas cpf:flux dans l'espace de noms "
              "{namespace} : vérifiez l'espace de noms du fichier.",
        "en": "The root element is not cpf:flux in namespace {namespace}: check the "
              "file's namespace.",
    },
    "schema_nil_forbidden": {
        "fr": "« {label} » ne peut pas être envoyé vide (nil) : renseignez-le.",
        "en": "“{label}” cannot be sent empty (nil): fill it in.",
    },
    "schema_nil_with_value": {
        "fr": "« {label} » est marqué nil mais contient une valeur : retirez l'une "
              "ou l'autre.",
        "en": "“{label}” is marked nil but holds a value: remove one or the other.",
    },
    "schema_attribute": {
        "fr": "« {label} » porte un attribut non autorisé : seul xsi:nil=\"true\" est "
              "permis, et seulement sur les champs qui l'acceptent.",
        "en": "“{label}” carries an attribute that is not allowed: only "
              "xsi:nil=\"true\" is, and only on the fields that accept it.",
    },
    "schema_other": {
        "fr": "« {label} » est refusé par le schéma XSD : {detail}",
        "en": "“{label}” is refused by the XSD schema: {detail}",
    },
    "hint_timestamp": {
        "fr": "Format attendu : AAAA-MM-JJTHH:MM:SS+HH:MM (décalage horaire "
              "explicite, sans millisecondes ni « Z »).",
        "en": "Expected format: YYYY-MM-DDTHH:MM:SS+HH:MM (explicit offset, no "
              "milliseconds nor “Z”).",
    },
    "hint_nir": {
        "fr": "Le NIR s'écrit sur 13 caractères, sans la clé, et commence par 1 ou "
              "2.",
        "en": "The NIR is 13 characters long, without its key, and starts with 1 "
              "or 2.",
    },
    "hint_date": {
        "fr": "Format attendu : AAAA-MM-JJ, entre 1900 et 2099.",
        "en": "Expected format: YYYY-MM-DD, between 1900 and 2099.",
    },
    # -- building and reading files ----------------------------------------------
    "passage_too_large": {
        "fr": "Le passage « {technical_id} » ne tient pas dans un fichier de "
              "{max} octets : augmentez la taille maximale des fichiers.",
        "en": "Passage “{technical_id}” does not fit in a file of {max} bytes: "
              "raise the maximum file size.",
    },
    "passage_limit": {
        "fr": "Un fichier compte au moins 1 passage (reçu une limite de {max}).",
        "en": "A file holds at least 1 passage (got a limit of {max}).",
    },
    "certification_reopened": {
        "fr": "La certification {code} revient après d'autres dans le même fichier : "
              "donnez ses passages à la suite.",
        "en": "Certification {code} comes back after others in the same file: give "
              "its passages one after the other.",
    },
    "writer_closed": {
        "fr": "Le fichier est déjà fermé : ouvrez-en un autre pour ajouter des "
              "passages.",
        "en": "The file is closed already: open another one to add passages.",
    },
    "read_too_large": {
        "fr": "Le fichier fait {size} octets, plus que les {max} qu'un fichier de la "
              "CDC peut faire : ce n'est pas un fichier déposé.",
        "en": "The file has {size} bytes, more than the {max} a CDC file can have: "
              "it is not a deposited file.",
    },
    "read_doctype": {
        "fr": "Le fichier contient une déclaration DOCTYPE ou ENTITY, refusée par "
              "sécurité.",
        "en": "The file has a DOCTYPE or ENTITY declaration, refused for security.",
    },
    "read_syntax": {
        "fr": "Le fichier n'est pas un XML bien formé (ligne {line}) : {detail}.",
        "en": "The file is not well-formed XML (line {line}): {detail}.",
    },
    "read_truncated": {
        "fr": "Le fichier est vide, ou s'arrête avant la fin du document (ligne "
              "{line} : {detail}).",
        "en": "The file is empty, or stops before the end of the document (line "
              "{line}: {detail}).",
    },
    "read_encoding": {
        "fr": "Le fichier est encodé en {encoding}, qui n'est pas lu.",
        "en": "The file is encoded in {encoding}, which is not read.",
    },
    "read_invalid": {
        "fr": "Le fichier n'est pas conforme au schéma de la CDC (ligne {line} : "
              "{detail}) : il ne peut pas être relu fidèlement.",
        "en": "The file is not valid against the CDC schema (line {line}: "
              "{detail}): it cannot be read back faithfully.",
    },
    "read_misplaced": {
        "fr": "« {label} » est mal placé (ligne {line}) : le fichier ne peut pas "
              "être relu fidèlement.",
        "en": "“{label}” is misplaced (line {line}): the file cannot be read back "
              "faithfully.",
    },
    "read_duplicate_id": {
        "fr": "L'ID technique « {value} » est porté par plusieurs passages du "
              "fichier : lequel relire est ambigu.",
        "en": "Technical ID “{value}” is carried by several passages of the file: "
              "which one to read is ambiguous.",
    },
    # -- processing reports ------------------------------------------------------
    "report_too_large": {
        "fr": "L'accusé de traitement fait {size} octets, plus que les {max} "
              "admis : ce n'est pas un accusé de traitement de la CDC.",
        "en": "The processing report has {size} bytes, more than the {max} allowed: "
              "it is not a CDC processing report.",
    },
    "report_doctype": {
        "fr": "L'accusé de traitement contient une déclaration DOCTYPE ou ENTITY : "
              "il est refusé par sécurité. Téléchargez à nouveau l'accusé de "
              "traitement depuis le portail de la CDC.",
        "en": "The processing report has a DOCTYPE or ENTITY declaration: it is "
              "refused for security. Download the processing report again from the "
              "CDC portal.",
    },
    "report_syntax": {
        "fr": "L'accusé de traitement n'est pas un fichier XML lisible ({detail}) : "
              "vérifiez que c'est bien l'accusé de traitement téléchargé depuis le "
              "portail.",
        "en": "The processing report is not readable XML ({detail}): check that it "
              "is the processing report downloaded from the portal.",
    },
    "report_root": {
        "fr": "Ce fichier n'est pas un accusé de traitement de la CDC (élément "
              "racine « {value} » au lieu de « rapport »).",
        "en": "This file is not a CDC processing report (root element “{value}” "
              "instead of “rapport”).",
    },
    "report_too_many_errors": {
        "fr": "L'accusé de traitement liste plus de {max} erreurs de schéma : ce "
              "n'est pas un accusé de la CDC. Téléchargez-le à nouveau depuis le "
              "portail.",
        "en": "The processing report lists more than {max} schema errors: it is not "
              "a CDC report. Download it again from the portal.",
    },
    "report_too_many_passages": {
        "fr": "L'accusé de traitement compte plus de {max} passages : ce n'est pas "
              "un accusé de la CDC. Téléchargez-le à nouveau depuis le portail.",
        "en": "The processing report has more than {max} passages: it is not a CDC "
              "report. Download it again from the portal.",
    },
    "report_id_too_long": {
        "fr": "Un ID technique de l'accusé de traitement fait {size} caractères, "
              "plus que les {max} du schéma : ce n'est pas un accusé de la CDC.",
        "en": "A technical ID of the processing report has {size} characters, more "
              "than the schema's {max}: it is not a CDC report.",
    },
    "report_contradiction": {
        "fr": "L'accusé de traitement donne le passage « {technical_id} » à la fois "
              "accepté (PassagesOK) et refusé (PassagesKO) : on ne peut pas savoir "
              "lequel vaut. Téléchargez-le à nouveau depuis le portail, ou "
              "contactez le support de la CDC.",
        "en": "The processing report gives passage “{technical_id}” as both "
              "accepted (PassagesOK) and refused (PassagesKO): which holds cannot be "
              "told. Download it again from the portal, or contact the CDC support.",
    },
    "report_no_id": {
        "fr": "Un passage refusé de l'accusé de traitement n'a pas d'ID technique : "
              "il ne peut pas être rapproché. Téléchargez-le à nouveau depuis le "
              "portail.",
        "en": "A refused passage of the processing report has no technical ID: it "
              "cannot be matched. Download the report again from the portal.",
    },
    "deposited_too_large": {
        "fr": "Le fichier déposé fait {size} octets, plus que les {max} qu'un "
              "fichier de la CDC peut faire.",
        "en": "The deposited file has {size} bytes, more than the {max} a CDC file "
              "can have.",
    },
    "deposited_doctype": {
        "fr": "Le fichier déposé contient une déclaration DOCTYPE ou ENTITY : il est "
              "refusé par sécurité.",
        "en": "The deposited file has a DOCTYPE or ENTITY declaration: it is "
              "refused for security.",
    },
    "deposited_syntax": {
        "fr": "Le fichier déposé n'est pas un fichier XML lisible ({detail}).",
        "en": "The deposited file is not readable XML ({detail}).",
    },
    # report categories (short labels) and explanations
    "category_accepted": {"fr": "Passage accepté", "en": "Passage accepted"},
    "category_already_accepted": {
        "fr": "Déjà accepté lors d'un envoi précédent",
        "en": "Already accepted in an earlier sending",
    },
    "category_holder_not_found": {
        "fr": "Aucun titulaire identifié",
        "en": "No holder identified",
    },
    "category_several_holders": {
        "fr": "Plusieurs titulaires identifiés",
        "en": "Several holders identified",
    },
    "category_unknown_certification": {
        "fr": "Certification inconnue",
        "en": "Unknown certification",
    },
    "category_dates": {"fr": "Dates incohérentes", "en": "Inconsistent dates"},
    "category_unknown": {"fr": "Erreur non répertoriée", "en": "Unlisted error"},
    "explanation_accepted": {
        "fr": "Le passage a été accepté par la CDC : ne le renvoyez pas.",
        "en": "The CDC accepted the passage: do not send it again.",
    },
    "explanation_already_accepted": {
        "fr": "Ce passage (même ID technique) a déjà été accepté lors d'un envoi "
              "précédent : il est bien enregistré, ne le renvoyez pas.",
        "en": "This passage (same technical ID) was accepted in an earlier sending: "
              "it is stored, do not send it again.",
    },
    "explanation_holder_not_found": {
        "fr": "Aucune personne ne correspond aux données d'identité envoyées. "
              "Vérifiez l'état civil du titulaire sur une pièce d'identité, puis "
              "renvoyez le passage dans un nouveau fichier.",
        "en": "Nobody matches the identity data sent. Check the holder's civil "
              "status on an identity document, then send the passage again in a "
              "new file.",
    },
    "explanation_holder_not_found_1": {
        "fr": "Personne ne correspond au nom de naissance, au premier prénom, au "
              "sexe et à l'année de naissance envoyés. Vérifiez le nom de naissance, "
              "le premier prénom, le sexe et l'année de naissance sur une pièce "
              "d'état civil, puis renvoyez le passage dans un nouveau fichier.",
        "en": "Nobody matches the birth name, first given name, sex and birth year "
              "sent. Check the birth name, first given name, sex and birth year on "
              "a civil status document, then send the passage again in a new file.",
    },
    "explanation_holder_not_found_2": {
        "fr": "Plusieurs personnes ont le même nom, prénom, sexe et année de "
              "naissance, et aucune n'a le jour et le mois de naissance envoyés. "
              "Vérifiez le jour et le mois de naissance (puis le nom, le prénom, le "
              "sexe et l'année) sur une pièce d'état civil, puis renvoyez le "
              "passage.",
        "en": "Several people have the same name, given name, sex and birth year, "
              "and none has the birth day and month sent. Check the birth day and "
              "month (then the name, given name, sex and year) on a civil status "
              "document, then send the passage again.",
    },
    "explanation_holder_not_found_3": {
        "fr": "Plusieurs personnes ont la même identité et la même date de "
              "naissance, et aucune ne correspond à la commune de naissance ou aux "
              "autres données envoyées. Vérifiez le code INSEE de la commune de "
              "naissance (ou du pays, 99xxx), les autres prénoms et le nom d'usage, "
              "puis renvoyez le passage.",
        "en": "Several people have the same identity and birth date, and none "
              "matches the birth commune or the other data sent. Check the INSEE "
              "code of the birth commune (or country, 99xxx), the other given names "
              "and the usage name, then send the passage again.",
    },
    "explanation_several_holders": {
        "fr": "Les données envoyées correspondent à plusieurs personnes. Ajoutez le "
              "jour et le mois de naissance, le code INSEE de la commune de "
              "naissance et les autres prénoms, puis renvoyez le passage.",
        "en": "The data sent matches several people. Add the birth day and month, "
              "the INSEE code of the birth commune and the other given names, then "
              "send the passage again.",
    },
    "explanation_unknown_certification": {
        "fr": "Le code de certification n'existe pas, est mal écrit (sans son "
              "préfixe RNCP ou RS) ou ne correspond pas au type. Vérifiez le code et "
              "le type sur France compétences, puis renvoyez le passage.",
        "en": "The certification code does not exist, is misspelt (without its RNCP "
              "or RS prefix) or does not match the type. Check the code and type on "
              "France compétences, then send the passage again.",
    },
    "explanation_dates": {
        "fr": "La date de fin de validité (ou de fin d'examen) est antérieure à la "
              "date de début. Corrigez les dates, ou laissez la date de fin vide si "
              "la certification n'expire pas, puis renvoyez le passage.",
        "en": "The validity end date (or exam end date) is before the start date. "
              "Correct the dates, or leave the end date empty if the certification "
              "does not expire, then send the passage again.",
    },
    "explanation_unknown": {
        "fr": "Message non répertorié : lisez-le attentivement, corrigez la donnée "
              "concernée et renvoyez le passage ; si le refus persiste, contactez le "
              "support de la CDC en joignant le fichier et l'accusé de traitement.",
        "en": "Unlisted message: read it carefully, correct the data concerned and "
              "send the passage again; if it is still refused, contact the CDC "
              "support with the file and the processing report.",
    },
    "explanation_nir_holder_not_found": {
        "fr": "Le titulaire a été envoyé avec son NIR ({nir}) et son nom de "
              "naissance ({birth_name}) : personne ne correspond au répertoire "
              "national. Vérifiez le NIR sur la carte Vitale ou une attestation de "
              "droits (13 caractères, sans la clé) et le nom de naissance tel qu'il "
              "figure à l'état civil, puis renvoyez le passage dans un nouveau "
              "fichier.",
        "en": "The holder was sent with their NIR ({nir}) and birth name "
              "({birth_name}): nobody in the national register matches. Check the "
              "NIR on the Carte Vitale or a certificate of entitlement (13 "
              "characters, without the key) and the birth name as in the civil "
              "status, then send the passage again in a new file.",
    },
    "explanation_nir_several_holders": {
        "fr": "Le NIR ({nir}) et le nom de naissance ({birth_name}) envoyés "
              "correspondent à plusieurs personnes : vérifiez le NIR sur la carte "
              "Vitale ; si le refus persiste, contactez le support de la CDC en "
              "joignant le fichier et l'accusé de traitement.",
        "en": "The NIR ({nir}) and birth name ({birth_name}) sent match several "
              "people: check the NIR on the Carte Vitale; if it is still refused, "
              "contact the CDC support with the file and the processing report.",
    },
    "explanation_training_file_holder_not_found": {
        "fr": "Le titulaire a été envoyé avec le dossier CPF n° {file_id} au nom de "
              "{last_name} {first_name} : la CDC ne trouve pas ce dossier pour ce "
              "nom. Vérifiez le numéro du dossier, le nom et le prénom tels qu'ils "
              "figurent sur le dossier de formation (EDOF), ou renseignez l'état "
              "civil complet du titulaire, puis renvoyez le passage.",
        "en": "The holder was sent with CPF file {file_id} in the name of "
              "{last_name} {first_name}: the CDC finds no such file for this name. "
              "Check the file number, the name and the given name as in the "
              "training file (EDOF), or record the holder's full civil status, then "
              "send the passage again.",
    },
    "explanation_training_file_several_holders": {
        "fr": "Le dossier CPF n° {file_id} au nom de {last_name} {first_name} "
              "correspond à plusieurs personnes : renseignez l'état civil complet du "
              "titulaire (date et commune de naissance), puis renvoyez le passage.",
        "en": "CPF file {file_id} in the name of {last_name} {first_name} matches "
              "several people: record the holder's full civil status (birth date "
              "and commune), then send the passage again.",
    },
    "data_sent_holder": {
        "fr": "Données envoyées : {birth_name} {first_name}, sexe {sex}, {birth}, "
              "{place}.",
        "en": "Data sent: {birth_name} {first_name}, sex {sex}, {birth}, {place}.",
    },
    "fragment_birth_date": {
        "fr": "né(e) le {birth_date}",
        "en": "born on {birth_date}",
    },
    "fragment_birth_year": {
        "fr": "né(e) en {year} (jour et mois non envoyés)",
        "en": "born in {year} (day and month not sent)",
    },
    "fragment_insee": {
        "fr": "commune de naissance {code} (code INSEE)",
        "en": "birth commune {code} (INSEE code)",
    },
    "fragment_postcode": {
        "fr": "commune de naissance de code postal {code} (sans code INSEE)",
        "en": "birth commune of postcode {code} (no INSEE code)",
    },
    "fragment_no_place": {
        "fr": "commune de naissance non envoyée",
        "en": "birth commune not sent",
    },
    "passage_context": {
        "fr": "Passage « {technical_id} » : {message}",
        "en": "Passage “{technical_id}”: {message}",
    },
}
# fmt: on

LANGUAGES = ("fr", "en")


def language(lang: str | None) -> str:
    """``"fr"`` for any language code starting with "fr" (``fr_FR``, ``fr-BE``),
    else ``"en"``."""
    return "fr" if lang and str(lang).lower().startswith("fr") else "en"


def _french_date(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _joined(values, last: str) -> str:
    items = [str(value) for value in values]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _localized(params: Mapping, lang: str) -> dict:
    values = dict(params)
    if "label" not in values and "field" in values:
        values["label"] = label_for(values["field"], values.get("parent"), lang)
    values.setdefault("label", "")
    if values.get("char"):
        values["char_name"] = describe_char(char_of(values["char"]), lang)
    if values.get("chars") is not None:
        values["char_names"] = ", ".join(
            describe_char(char_of(code), lang) for code in values["chars"]
        )
    for key, value in params.items():
        if key.endswith("_date") and isinstance(value, str) and lang == "fr":
            values[key] = _french_date(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            noun = "caractère" if lang == "fr" else "character"
            values[f"{key}_chars"] = f"{value} {noun}{'s' if value > 1 else ''}"
    if isinstance(values.get("choices"), (list, tuple)):
        values["choices"] = _joined(values["choices"], "ou" if lang == "fr" else "or")
    if isinstance(values.get("values"), (list, tuple)):
        values["values"] = ", ".join(str(value) for value in values["values"])
    if isinstance(values.get("expected"), (list, tuple)):
        values["expected"] = ", ".join(
            f"« {label_for(name, None, lang)} » ({name})"
            if lang == "fr"
            else f"“{label_for(name, None, lang)}” ({name})"
            for name in values["expected"]
        )
    hint = values.get("hint")
    values["hint"] = f" {render(hint, {}, lang)}" if hint in MESSAGES else ""
    reason = params.get("reason")
    if reason in MESSAGES:
        nested = {key: value for key, value in params.items() if key != "reason"}
        values["reason"] = render(reason, nested, lang)
    return values


def render(code: str, params: Mapping | None = None, lang: str = "fr") -> str:
    """The text of message ``code`` with ``params`` in ``lang`` (see the module
    docstring)."""
    lang = language(lang)
    template = MESSAGES[code][lang]
    return template.format_map(_localized(params or {}, lang))


def has_message(code: str | None) -> bool:
    return code in MESSAGES
