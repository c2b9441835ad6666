import os

import pages

assert pages.thanks("Ada").body == "<h1>Thank you for your review, Ada!</h1>".encode(), pages.thanks("Ada").body
assert pages.thanks("Zoë").body.decode() == "<h1>Thank you for your review, Zoë!</h1>"
if os.environ["SCENARIO_PHASE"] == "after":
    body = pages.thanks("<script>alert(1)</script>").body.decode()
    assert body == "<h1>Thank you for your review, &lt;script&gt;alert(1)&lt;/script&gt;!</h1>", body
print("ok")
