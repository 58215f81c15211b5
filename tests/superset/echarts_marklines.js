// The event lines (markLine) one ECharts chart of a dashboard really drew, for
// tests/superset/test_trend_breaks.py: per line its name (Superset's label of the event: layer,
// title and descriptions) and its x in the chart's pixels, with the pixel x of each category
// asked for. The instance is found by instanceOf (echarts_instance.js).
([holderSelector, categories]) => {
  /* INSTANCE_OF: echarts_instance.js */
  const el = document.querySelector(holderSelector + ' [_echarts_instance_]');
  const inst = el && instanceOf(el);
  if (!inst) return null;
  const axis = {};
  for (const c of categories) axis[c] = inst.convertToPixel({xAxisIndex: 0}, c);
  const drawn = new Set(inst.getZr().storage.getDisplayList(true).filter(d => {
    for (let e = d; e; e = e.parent) if (e.ignore || e.invisible) return false;
    return true;
  }));
  const lines = [];
  for (const view of inst._componentsViews || []) {
    if (!view || view.type !== 'markLine' || !view.markerGroupMap) continue;
    view.markerGroupMap.each(lineDraw => {
      const data = lineDraw._lineData;
      if (!data) return;
      data.each(idx => {
        const item = data.getItemGraphicEl(idx);
        const path = item && item.childOfName && item.childOfName('line');
        if (!path || !drawn.has(path)) return;
        path.updateTransform();
        const t = path.transform || [1, 0, 0, 1, 0, 0];
        const x = t[0] * path.shape.x1 + t[2] * path.shape.y1 + t[4];
        lines.push({name: String(data.getName(idx)), x, vertical: Math.abs(path.shape.x1 - path.shape.x2) < 0.5});
      });
    });
  }
  return {axis, lines};
}
