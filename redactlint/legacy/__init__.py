"""Legacy scanning: the declared sink calls that name their event, taken apart.

``redactlint migrate`` rewrites these calls onto the registry and ``redactlint
schema infer`` writes schema stubs from them. The scan is the checker's (the
stdlib ``ast``, its scopes and sink matcher), kept apart from ``analysis`` because
only those two tools use it.
"""
