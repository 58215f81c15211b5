// What the ECharts charts of a dashboard really drew, for tests/superset/test_superset_layout.py.
// Each chart's ECharts instance is found by instanceOf (echarts_instance.js). From
// the instance's zrender scene we read every text actually drawn (not hidden, not dropped by
// ECharts' own overlap hiding) with its box in the chart's pixels, and whether a scroll legend
// shows its pager (its content did not fit).
() => {
  /* INSTANCE_OF: echarts_instance.js */
  function shown(el) {
    for (let e = el; e; e = e.parent) if (e.ignore || e.invisible) return false;
    return true;
  }
  const out = [];
  const textIds = new Map();  // the text element a tspan is a line of, numbered
  for (const el of document.querySelectorAll('[_echarts_instance_]')) {
    const holder = el.closest("[data-test='chart-grid-component']");
    const chart = {
      id: holder ? Number(holder.getAttribute('data-test-chart-id')) : null,
      width: el.clientWidth,
      height: el.clientHeight,
      found: false,
      pagedLegends: 0,
      texts: [],
    };
    out.push(chart);
    const inst = instanceOf(el);
    if (!inst) continue;
    chart.found = true;
    for (const view of inst._componentsViews || []) {
      if (view && view.type === 'legend.scroll' && view._showController) chart.pagedLegends += 1;
    }
    for (const d of inst.getZr().storage.getDisplayList(true)) {
      // A text is drawn as one tspan per line. Its box: the width zrender measured; the height
      // of its font (zrender estimates line heights from a CJK glyph this machine's fonts lack),
      // centred where zrender placed the line; then into the chart's pixels.
      if (d.type !== 'tspan' || !shown(d) || !d.style || !d.style.text) continue;
      const r = d.getBoundingRect().clone();
      const size = parseFloat((String(d.style.font || '').match(/([\d.]+)px/) || [])[1]) || 12;
      if (r.height < size) {
        r.y += r.height / 2 - size / 2;
        r.height = size;
      }
      d.updateTransform();
      if (d.transform) r.applyTransform(d.transform);
      if (!textIds.has(d.parent)) textIds.set(d.parent, textIds.size);
      chart.texts.push({
        text: String(d.style.text), of: textIds.get(d.parent), x: r.x, y: r.y, w: r.width, h: r.height,
      });
    }
  }
  return out;
}
