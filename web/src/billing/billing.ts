// Plans, usage and plan limits as the billing API describes them (chalicelib/billing): pure helpers for the plans
// page, the usage meter and the upgrade prompt a 402 opens.

export interface PlanLimits {
  max_buses?: number | null;
  max_studies_per_month?: number | null;
  max_server_minutes_per_month?: number | null;
  max_contingency_outages_per_month?: number | null;
}
export interface Plan {
  id: "free" | "professional" | "utility";
  name: string;
  price_usd_month: number;
  per_user: boolean;
  limits: PlanLimits;
  available?: boolean;
}
export interface UsageMetric {
  metric: string;
  name: string;
  unit: string;
  used: number;
  limit: number | null;
}
export interface Usage {
  account: string;
  billing_enabled: boolean;
  plan: { id: string; name: string };
  period: { start: string; end: string };
  limits: PlanLimits;
  usage: UsageMetric[];
  subscription: null | {
    plan: string | null;
    status: string | null;
    seats: number;
    cancel_at_period_end: boolean;
    grace_ends: string | null;
    limited_to_free: boolean;
  };
}

/** The event the API client sends when a request is beyond the plan (HTTP 402); the upgrade prompt listens. */
export const PLAN_LIMIT_EVENT = "gridsolve:plan-limit";
export interface PlanLimitDetail {
  message: string;
  limit: string | null;
}

const LIMIT_NAMES: Record<keyof PlanLimits, string> = {
  max_buses: "buses per network",
  max_studies_per_month: "studies a month",
  max_server_minutes_per_month: "server study minutes a month",
  max_contingency_outages_per_month: "contingency outages a month",
};

/** "25 buses per network", "unlimited studies a month". */
export function limitText(key: keyof PlanLimits, value: number | null | undefined): string {
  return `${value == null ? "Unlimited" : value.toLocaleString("en-US")} ${LIMIT_NAMES[key]}`;
}

export function priceText(p: Plan): string {
  if (!p.price_usd_month) return "Free";
  return `$${p.price_usd_month.toLocaleString("en-US")} / ${p.per_user ? "user / " : ""}month`;
}

/** How full a meter is (0..1) and how it looks: ok, near (80 %+) or full. Unlimited meters are never full. */
export function meter(m: Pick<UsageMetric, "used" | "limit">): { fraction: number; state: "ok" | "near" | "full" | "unlimited" } {
  if (m.limit == null) return { fraction: 0, state: "unlimited" };
  if (m.limit <= 0) return { fraction: 1, state: "full" };
  const fraction = Math.min(1, m.used / m.limit);
  return { fraction, state: m.used >= m.limit ? "full" : fraction >= 0.8 ? "near" : "ok" };
}

export function usedText(m: UsageMetric): string {
  const used = Number.isInteger(m.used) ? m.used.toLocaleString("en-US") : m.used.toFixed(m.used < 10 ? 2 : 1);
  return m.limit == null ? `${used} ${m.unit} (no limit)` : `${used} of ${m.limit.toLocaleString("en-US")} ${m.unit}`;
}

/** The plans one can move to from `current` (the paid ones above it that this server sells). */
export function upgrades(plans: Plan[], current: string): Plan[] {
  const order = plans.map((p) => p.id as string);
  const at = order.indexOf(current);
  return plans.filter((p, i) => i > at && p.price_usd_month > 0 && p.available !== false);
}
