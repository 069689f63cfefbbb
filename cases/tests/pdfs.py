"""PDFs for the record-document tests, built at run time (the repository holds no malware test string).

A copy of the few filings test helpers the cases tests need: cases must not import filings, not
even in tests.
"""

import base64
import io

import pikepdf

# Action types that reach outside the document or run something: none may survive disarming.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/URI", "/GoToR", "/Rendition", "/Movie", "/Sound", "/SubmitForm"}


def eicar() -> bytes:
    """The 68-byte EICAR anti-virus test string, decoded here so it never sits in the repository."""
    return base64.b64decode(
        "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
    )


def pdf_with(*, payload: bytes | None = None, actions: bool = False, pages: int = 1) -> bytes:
    """A Letter PDF; `payload` in a compressed stream (clamd finds EICAR there), `actions` adds a web
    link, a launch, a remote go-to, a rendition, a movie and a sound action."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(612, 792))
    if payload is not None:
        pdf.Root.Extra = pdf.make_indirect(pikepdf.Stream(pdf, payload))
    if actions:
        page = pdf.pages[0].obj
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([72, 72, 300, 100]),
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("http://attacker.example/track")),
        )
        launch = pdf.make_indirect(
            pikepdf.Dictionary(
                S=pikepdf.Name.Launch,
                F=pikepdf.String("cmd.exe"),
                Next=pikepdf.Array(
                    [
                        pikepdf.Dictionary(S=pikepdf.Name.Rendition, OP=1),
                        pikepdf.Dictionary(S=pikepdf.Name.Movie, T=pikepdf.String("clip")),
                        pikepdf.Dictionary(
                            S=pikepdf.Name.Sound, Sound=pdf.make_indirect(pikepdf.Stream(pdf, b"\0" * 8))
                        ),
                    ]
                ),
            )
        )
        link2 = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([72, 120, 300, 150]), A=launch
        )
        page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link), pdf.make_indirect(link2)]))
        pdf.Root.OpenAction = pikepdf.Dictionary(
            S=pikepdf.Name.GoToR, F=pikepdf.String("\\\\attacker.example\\share\\x.pdf"), D=pikepdf.Array([0])
        )
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=True)
    return buffer.getvalue()


def active_actions(content: bytes) -> set[str]:
    """The active action types (/S) anywhere in the PDF."""
    found = set()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for obj in [*pdf.objects, *_direct(pdf)]:
            if isinstance(obj, pikepdf.Dictionary) and str(obj.get("/S", "")) in ACTIVE_ACTIONS:
                found.add(str(obj.get("/S")))
    return found


def _direct(pdf):
    """Direct (not indirect) dictionaries nested in the objects, where an action may sit too."""
    stack = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary | pikepdf.Array)]
    seen = 0
    while stack and seen < 100_000:
        seen += 1
        obj = stack.pop()
        children = obj.values() if isinstance(obj, pikepdf.Dictionary) else list(obj)
        for child in children:
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
                stack.append(child)
                if isinstance(child, pikepdf.Dictionary):
                    yield child
