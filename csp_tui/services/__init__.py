"""Services: files in and out (agenda, Teams report, roster), the name check, the
next meeting and the demo, each over the repository. Headless: no textual.
"""
