const { benchCallgrind } = await import('./callgrind');
const r = await benchCallgrind({ stream: 100_000, burst: 100, warm: Number(process.env.WARM ?? 80_000), block: 10_000, blocks: Number(process.env.BLOCKS ?? 4) });
for (const [k, v] of Object.entries(r.perMessage)) console.log(k, v?.map((x) => Math.round(x)).join(' '), 'min', v ? Math.round(Math.min(...v)) : '-');
console.log(r.failures.join('\n'));
