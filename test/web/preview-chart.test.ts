/** The still previews drawn while plotly loads: round ticks, every trace kind, escaped labels. */
import { describe, expect, it } from 'vitest';
import { escapeXml, niceTicks, previewSvg, type PreviewLayout, type PreviewTrace } from '../../web/client/preview-chart.ts';

const weeks = Array.from({ length: 11 }, (_, i) => i * 10);

describe('niceTicks', () => {
  it('gives round steps (1, 2 or 5 times a power of ten) within the range, about as many as asked', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(43.2, 71.9)).toEqual([45, 50, 55, 60, 65, 70]);
    expect(niceTicks(-13, 260, 6)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(0.0012, 0.0049)).toEqual([0.002, 0.003, 0.004]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('previewSvg', () => {
  const layout: PreviewLayout = {
    title: { text: 'Patients receiving the bundle<br><span style="font-size:11px">higher is better</span>' },
    xaxis: { range: [0, 100], title: { text: 'Week' } },
    yaxis: { title: { text: '%' } },
    shapes: [{ x0: 60 }],
    annotations: [{ x: 60, text: 'funding ends' }],
  };
  const line = (name: string, y: Array<number | null>, extra: Partial<PreviewTrace> = {}): PreviewTrace => ({ x: weeks, y, name, mode: 'lines', line: { color: '#0072B2', width: 2.5 }, ...extra });

  it('draws each line, band and marker trace, the week markers, title lines and a legend of the named traces', () => {
    const traces: PreviewTrace[] = [
      { ...line('upper', weeks.map((w) => 50 + w / 4)), showlegend: false, line: { width: 0 } },
      { ...line('lower', weeks.map((w) => 45 + w / 4)), showlegend: false, line: { width: 0 }, fill: 'tonexty', fillcolor: '#0072B233' },
      line('Members', weeks.map((w) => 47 + w / 4)),
      line('Without the programme', weeks.map(() => 45), { line: { color: '#0072B2', dash: 'dash' } }),
      { x: [30], y: [60], name: 'Published figures', mode: 'markers', marker: { color: '#1f2328' } },
    ];
    const svg = previewSvg(traces, layout, 600, 360);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polygon /g)).toHaveLength(1); // the band
    expect(svg.match(/<path d="M[\d.]+ [\d.]+L/g)).toHaveLength(2); // two lines (the band's edges have no width)
    expect(svg).toContain('stroke-dasharray="7 4"'); // the dashed one
    expect(svg.match(/l5 5l-5 5l-5-5z/g)).toHaveLength(1); // one diamond marker
    expect(svg).toContain('>Patients receiving the bundle</text>');
    expect(svg).toContain('>higher is better</text>');
    expect(svg).toContain('>funding ends</text>');
    expect(svg).toContain('>Week</text>');
    for (const name of ['Members', 'Without the programme', 'Published figures']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).not.toContain('>upper</text>');
    // Round x ticks over the layout's range.
    for (const t of [0, 20, 40, 60, 80, 100]) expect(svg).toContain(`>${t}</text>`);
  });

  it('breaks a line where a week has no value, as plotly does', () => {
    const svg = previewSvg([line('gappy', [1, 2, null, 4, 5, 6, null, null, 9, 10, 11])], layout, 600, 360);
    expect(svg.match(/<path d="M/g)).toHaveLength(3);
  });

  it('escapes every label it is given (a scenario file names them)', () => {
    const svg = previewSvg([line('<script>x</script> & "y"', weeks)], { ...layout, title: { text: '<img src=x onerror=alert(1)>Title' } }, 600, 360);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt; &amp; &quot;y&quot;');
    expect(escapeXml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});
