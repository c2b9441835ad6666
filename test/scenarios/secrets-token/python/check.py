import os
import re
from urllib.parse import parse_qs, urlsplit

import tokens

links = [tokens.new_reset_link("https://shop.example") for _ in range(50)]
for link in links:
    parts = urlsplit(link)
    assert parts.scheme == "https" and parts.netloc == "shop.example" and parts.path == "/reset", link
    token = parse_qs(parts.query)["token"][0]
    # The token survives a round trip through the URL untouched and is long enough to guess.
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", token), token
assert len(set(links)) == len(links), "every link is different"

codes = [tokens.new_login_code() for _ in range(200)]
assert all(isinstance(c, str) and re.fullmatch(r"[1-9][0-9]{5}", c) for c in codes), codes
assert len(set(codes)) > 150, "codes are spread out"

words = ["amber", "birch", "cedar", "dune"]
picked = {tokens.pick_recovery_word(words) for _ in range(200)}
assert picked <= set(words) and len(picked) > 1, picked

# The basket cookie (random.choices → secrets): still a cookie value that needs no quoting, all different.
from starlette.responses import Response  # noqa: E402

baskets = []
for _ in range(50):
    response = Response()
    tokens.start_basket(response)
    header = response.headers["set-cookie"]
    match = re.fullmatch(r'basket=([A-Za-z0-9_-]{24,}); HttpOnly; Path=/; SameSite=lax; Secure', header)
    assert match, header
    baskets.append(match.group(1))
assert len(set(baskets)) == len(baskets), "every basket is different"

if os.environ["SCENARIO_PHASE"] == "after":
    source = open(tokens.__file__, encoding="utf-8").read()
    assert "random." not in source.replace("SystemRandom", ""), "no Mersenne Twister left:\n" + source
print("ok")
