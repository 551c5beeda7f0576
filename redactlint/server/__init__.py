"""The language server: redactlint's findings and fixes in the editor, over LSP.

:mod:`.documents` checks and fixes the text of an open buffer (not the file on disk)
with the engine and the codemod ``check`` and ``fix`` use; :mod:`.project` keeps one
prepared configuration per project and notices when it changes; :mod:`.protocol`
turns findings into LSP diagnostics and code actions; :mod:`.app` is the pygls server.
pygls is imported only by :mod:`.app`, so the rest loads without it.
"""
