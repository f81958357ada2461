
// Font set-up while the page waits for a file (appended to boot.js by
// tools/externalize-boot.mjs). The first use of a font size and weight makes Chromium ask its
// browser process for that font's settings, synchronously, in the layout that needs it (5–50 ms
// a font on Linux): the first result's overview needed three new ones at once — its headline's
// labels, numbers and headings — in one main-thread task of 50–90 ms for 5,000 organizations.
// Each idle moment after start-up lays out one of them once, hidden, in the overview's own
// markup, so the page's style sheet picks the sizes (a phone's too), then removes it.
{
  const parts = [
    '<dl class="facts headline"><div><dt>机构 0</dt></div></dl>',
    '<dl class="facts headline"><div><dd>0 机构</dd></div></dl>',
    '<dl class="facts headline"><div><dd><span class="detail">0 机构</span></dd></div></dl>',
    '<h3>主要发现 0</h3>',
  ];
  const idle = self.requestIdleCallback || ((f) => setTimeout(f, 300));
  const next = () => idle(() => {
    const html = parts.shift();
    if (!html) return;
    const box = document.createElement('section');
    box.className = 'overview';
    box.setAttribute('aria-hidden', 'true');
    box.style.cssText = 'position:absolute;visibility:hidden;height:0;overflow:hidden';
    box.innerHTML = html;
    document.body.append(box);
    void box.offsetHeight;
    box.remove();
    next();
  });
  next();
}
