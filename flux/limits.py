"""Input limits of the flux package: what it reads from outside, and what that
guarantees.

Every XML document read by the package (a flux given to :func:`flux.check_xml` or
:func:`flux.read_passages`, a processing report given to :func:`flux.parse_report`)
goes through :class:`flux.xml_parse.SecureReader`: libxml2 streamed, DTD never
loaded, entities never resolved, no network, and ``huge_tree`` never set, so that
libxml2 keeps its own hard limits (:data:`MAX_XML_DEPTH`,
:data:`MAX_XML_TEXT_BYTES`, entity amplification). A document that declares a
DOCTYPE or an ENTITY is refused as soon as its prolog is parsed (on the parsed
document, whatever its encoding or what precedes the declaration), before any
value is read or validated.

What the limits guarantee (measured on the project's 2-core machine, CPU time):

* time: parsing is linear in the input and no regular expression of the package
  is super-linear (a report's texts are cut at :data:`MAX_REPORT_TEXT_CHARS`
  before any classification). :func:`flux.check_xml` reads about 8,500 passages
  a second, so a flux at :data:`MAX_FLUX_BYTES` (about 150,000 passages) is
  checked in about 20 s; :func:`flux.parse_report` reads a report of 200,000
  passages (16 MB) in about 3 s;
* memory: documents are streamed, what was read is freed (passages by batches
  of 500), so memory stays flat whatever the size: about 70 MB for the whole
  process checking a 200 MB flux, 110 MB reading a report of 200,000 passages
  (its results included);
* hostile documents (entity expansion, 200,000 nested elements, a text node
  over 10 MB, a 9 MB report message) are refused (or, for the message, cut)
  in under 0.1 s, the process staying at its size (about 70 MB, Python and lxml
  themselves).
"""

from __future__ import annotations

# CDC limits per file: 200 000 passages (FAQ) and 200 MB (G-GEN 4.4.2); files are
# written within them, and a flux is never read beyond 200 MB.
MAX_PASSAGES_PER_FILE = 200_000
MAX_BYTES_PER_FILE = 200 * 1024 * 1024
MAX_FLUX_BYTES = MAX_BYTES_PER_FILE

# A processing report lists at most one entry per passage of a file (200,000)
# plus about 100 XSD errors: 64 MiB leaves room for 300-character messages.
MAX_REPORT_BYTES = 64 * 1024 * 1024
MAX_REPORT_PASSAGES = 200_000
MAX_REPORT_XSD_ERRORS = 10_000
# Texts of a report (messages, ids) are cut at this length, marked with "[…]":
# a real CDC message is under 500 characters.
MAX_REPORT_TEXT_CHARS = 2_000
# An idTechnique is 1 to 255 characters (XSD): a longer one cannot be ours.
MAX_TECHNICAL_ID_CHARS = 255
# ligne/colonne of an XSD error: outside 1..2**31-1 (a 32-bit column) they are
# read as unknown (None).
MAX_LINE_NUMBER = 2**31 - 1

# libxml2's own limits, kept because huge_tree is never set (tests check both
# boundaries): elements nested deeper than this, or a text node longer than
# this, and the document is refused as not well-formed.
MAX_XML_DEPTH = 257  # xmlParserMaxDepth (256) counts the root's descendants
MAX_XML_TEXT_BYTES = 10_000_000  # XML_MAX_TEXT_LENGTH

# Schema errors listed for one flux (the CDC lists about the first 100); a last
# problem says how many more there are.
MAX_SCHEMA_PROBLEMS = 100
# A value quoted in a message is cut at this length.
MAX_QUOTED_CHARS = 80
