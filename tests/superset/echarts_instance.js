// The ECharts instance of the element ECharts draws into: Superset keeps it in a React ref of its
// Echart component (no global `echarts` on the page), found through the element's React fiber.
// Put into echarts_layout.js and echarts_marklines.js by superset_harness.echarts_script.
function instanceOf(el) {
  const key = Object.keys(el).find(k => k.startsWith('__reactFiber$'));
  for (let f = key && el[key], up = 0; f && up < 40; f = f.return, up++) {
    for (let h = f.memoizedState, n = 0; h && n < 60; h = h.next, n++) {
      const v = h.memoizedState;
      if (v && v.current && typeof v.current.getZr === 'function') return v.current;
    }
  }
  return null;
}
