import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsRegistry } from '@referral/platform-observability';
// Registers the report's metrics in the process's registry, as the service does.
import './report-metrics';

const DASHBOARD = join(__dirname, '..', '..', '..', '..', 'deploy', 'grafana', 'referral-outcomes.json');

interface Panel {
  title: string;
  type: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<{ expr: string; refId: string }>;
}

/** The metric selectors of a PromQL expression: a name followed by its label matchers or a range. */
function selectors(expr: string): Array<{ name: string; labels: string[] }> {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{([^}]*)\})?\s*(?=\[|\)|$)/g)]
    .filter((match) => match[2] !== undefined || /_(bucket|count|sum|total)$/.test(match[1]))
    .map((match) => ({
      name: match[1],
      labels: (match[3] ?? '')
        .split(',')
        .map((matcher) => matcher.trim().split(/[=!~]/)[0])
        .filter(Boolean),
    }));
}

/** The registered metric behind a series name (a histogram's `_bucket`, `_count` and `_sum`). */
function registered(series: string) {
  const exact = metricsRegistry.getSingleMetric(series);
  if (exact) return exact;
  const histogram = /^(.*)_(bucket|count|sum)$/.exec(series);
  const metric = histogram && metricsRegistry.getSingleMetric(histogram[1]);
  return metric && metric.constructor.name === 'Histogram' ? metric : undefined;
}

describe('deploy/grafana/referral-outcomes.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    uid: string;
    title: string;
    schemaVersion: number;
    panels: Panel[];
    templating: { list: Array<{ name: string; query: unknown }> };
  };

  it('is a Grafana dashboard: uid, title, schema version, panels with unique ids and queries', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title.length).toBeGreaterThan(0);
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.panels.length).toBeGreaterThan(0);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      for (const target of panel.targets) expect(selectors(target.expr).length).toBeGreaterThan(0);
    }
  });

  it('queries only metrics the code registers, with labels they have', () => {
    const used = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) =>
        selectors(target.expr).map((selector) => ({ panel: panel.title, ...selector })),
      ),
    );
    const problems = used.flatMap(({ panel, name, labels }) => {
      const metric = registered(name);
      if (!metric) return [`${panel}: ${name} is not registered`];
      const known = new Set([...((metric as unknown as { labelNames: string[] }).labelNames ?? []), 'service']);
      return labels.filter((label) => !known.has(label)).map((label) => `${panel}: ${name} has no label ${label}`);
    });
    expect(problems).toEqual([]);
    // Every metric of the report is on the dashboard.
    const names = new Set(used.map((u) => u.name.replace(/_(bucket|count|sum)$/, '')));
    for (const metric of [
      'referral_time_to_claim_seconds',
      'referral_time_to_first_answer_seconds',
      'referral_first_answers_total',
      'referral_clarifications_requested_total',
    ])
      expect(names).toContain(metric);
  });

  it('finds a metric that does not exist (the guard can fail)', () => {
    expect(registered('referral_time_to_nowhere_seconds_bucket')).toBeUndefined();
    expect(registered('referral_first_answers_total_bucket')).toBeUndefined();
    expect(selectors('sum(rate(referral_first_answers_total{specialty=~"$specialty"}[5m]))')).toEqual([
      { name: 'referral_first_answers_total', labels: ['specialty'] },
    ]);
  });
});
