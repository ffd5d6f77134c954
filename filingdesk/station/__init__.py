"""`filingdesk station watch`: the scanning station's hot-folder agent.

A client of the station API only (``POST /v1/batches``): it imports no server
code (``api``, ``store``, ``taskqueue``, OCR), so it runs on a window PC with
nothing but this package, against the embedded default or production alike.
``folder`` finds complete files and groups them into packets, ``packets`` names
them and derives the Idempotency-Key from their content, ``uploader`` talks
HTTP, ``filing`` moves files to ``.done/`` or ``.rejected/`` through a journal,
``reasons`` words refusals for people, ``watch`` runs the rounds.
"""
