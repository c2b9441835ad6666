import os

import emails

html = emails.confirmation("Ada", ["Panel 400 W", "Inverter"])
assert html == "<p>Hello Ada,</p>\n<p>Your order is <b>on its way</b>.</p>\n<ul><li>Panel 400 W</li><li>Inverter</li></ul>", html
assert "<p>Hello Zoë,</p>" in emails.confirmation("Zoë", [])

attacked = emails.confirmation('<img src=x onerror="alert(1)">', ["<script>alert(2)</script>"])
injected = "<img src=x" in attacked or "<script>" in attacked
if os.environ["SCENARIO_PHASE"] == "before":
    assert injected, attacked
else:
    assert not injected, attacked
    assert "<p>Hello &lt;img src=x onerror=&#34;alert(1)&#34;&gt;,</p>" in attacked, attacked
print("ok")
