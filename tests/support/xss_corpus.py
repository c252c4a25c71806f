"""Classic XSS payloads. Each one, if it ever ran, would set `window.__xss` or open an
alert dialog; the browser tests assert that neither happens wherever the payload is shown."""

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src="x" onerror="window.__xss=1">',
    "<svg onload=window.__xss=1><circle r=1></circle></svg>",
    "<svg><script>window.__xss=1</script></svg>",
    "[cliquer ici](javascript:window.__xss=1)",
    "[cliquer](JaVaScRiPt:alert(1))",
    "[entités](&#106;avascript&#58;alert&#40;1&#41;)",
    '<a href="jav&#x09;ascript:alert(1)">tabulation</a>',
    "[données](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '" onmouseover="window.__xss=1" autofocus onfocus="window.__xss=1" x="',
    "'><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "[référence][r]\n\n[r]: javascript:window.__xss=1",
    '![image](x" onerror="window.__xss=1)',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<div style="background:url(javascript:window.__xss=1)">fond</div>',
    '<p style="width: expression(alert(1))">expression</p>',
    "<details open ontoggle=window.__xss=1><summary>x</summary></details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    '<object data="javascript:window.__xss=1"></object>',
    "{{ request.user }} {% load static %}<script>window.__xss=1</script>",
    '{{ "<script>window.__xss=1</script>"|safe }}',
]
