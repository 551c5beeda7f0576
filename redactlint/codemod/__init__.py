"""The codemod: apply the checker's fixes with libcst, losslessly, only where told.

The checker decides what is wrong and how to fix it (exact spans and fix kinds);
the codemod parses with libcst only the files it changes, rewrites the nodes at
those spans, keeps everything else byte for byte, and writes atomically.
"""
