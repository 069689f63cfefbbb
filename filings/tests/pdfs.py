"""A small corpus of test files built at run time (the repository holds no malware test string)."""

import base64
import io
import os

import pikepdf

LETTER = (612, 792)
A4 = (595, 842)


def eicar() -> bytes:
    """The 68-byte EICAR anti-virus test string, decoded here so it never sits in the repository."""
    return base64.b64decode(
        "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
    )


def make_pdf(
    *,
    pages: int = 1,
    size=LETTER,
    javascript: bool = False,
    open_action: bool = False,
    launch: bool = False,
    embedded: bool = False,
    password: str | None = None,
    payload: bytes | None = None,
    padding: int = 0,
) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=size)
    if javascript:
        script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        pdf.Root.Names = pikepdf.Dictionary(
            JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("hello"), script]))
        )
    if open_action:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()"))
    if launch:
        pdf.pages[0].obj.AA = pikepdf.Dictionary(
            O=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
        )
    if embedded:
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden attachment")
    if payload is not None:
        pdf.Root.Extra = pdf.make_indirect(pikepdf.Stream(pdf, payload))
    if padding:
        pdf.Root.Padding = pdf.make_indirect(pikepdf.Stream(pdf, os.urandom(padding)))
    buffer = io.BytesIO()
    encryption = pikepdf.Encryption(owner="owner-secret", user=password) if password is not None else False
    pdf.save(buffer, encryption=encryption, compress_streams=True)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
