import os

import reports

assert reports.report_args("invoices") == "invoices *.txt\n", reports.report_args("invoices")
assert reports.report_args("2024", "q1.csv") == "2024 q1.csv\n"
if os.environ["SCENARIO_PHASE"] == "after":
    # Each value is one argument: no second command, no word splitting, no glob expansion.
    assert reports.report_args("x; echo pwned") == "x; echo pwned *.txt\n", reports.report_args("x; echo pwned")
    assert reports.report_args("two words") == "two words *.txt\n"
print("ok")
