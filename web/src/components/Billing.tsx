// Plans and usage: the plans with their prices and limits, the account's plan and this billing period's usage
// (meters against the limits), Upgrade (Stripe Checkout) and Manage subscription (Stripe's Customer Portal). The
// API decides everything (chalicelib/billing); with billing off every account is on the local plan.
import { useCallback, useEffect, useState } from "react";
import { Api, errorText, type Org, type User } from "../api/client";
import { limitText, meter, priceText, upgrades, usedText, type Plan, type PlanLimits, type Usage } from "../billing/billing";

const LIMIT_KEYS: (keyof PlanLimits)[] = ["max_buses", "max_studies_per_month", "max_server_minutes_per_month", "max_contingency_outages_per_month"];

export function UsageMeters({ usage }: { usage: Usage }) {
  return (
    <ul className="usage-meters" aria-label="usage this billing period">
      {usage.usage.map((m) => {
        const { fraction, state } = meter(m);
        return (
          <li key={m.metric} data-metric={m.metric}>
            <span className="meter-label">{m.name}</span>
            <span className={`meter ${state}`} role="meter" aria-valuemin={0} aria-valuemax={m.limit ?? undefined} aria-valuenow={m.used} aria-label={m.name}>
              <span style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
            </span>
            <span className="small">{usedText(m)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function PlanCard({ plan, current, canBuy, busy, onUpgrade }: { plan: Plan; current: boolean; canBuy: boolean; busy: boolean; onUpgrade: (id: string) => void }) {
  return (
    <article className={`plan-card${current ? " current" : ""}`} data-plan={plan.id}>
      <h3>{plan.name}</h3>
      <div className="price">{priceText(plan)}</div>
      <ul>
        {LIMIT_KEYS.filter((k) => k in plan.limits).map((k) => (
          <li key={k}>{limitText(k, plan.limits[k])}</li>
        ))}
      </ul>
      {current ? (
        <span className="badge">your plan</span>
      ) : (
        canBuy && (
          <button className="primary" disabled={busy} onClick={() => onUpgrade(plan.id)} data-testid={`upgrade-${plan.id}`}>
            Upgrade to {plan.name}
          </button>
        )
      )}
    </article>
  );
}

export function BillingScreen({ user, onBack }: { user: User; onBack: () => void }) {
  const [plans, setPlans] = useState<Plan[]>([]);
  const [enabled, setEnabled] = useState(false);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [account, setAccount] = useState("");
  const [usage, setUsage] = useState<Usage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returned = new URLSearchParams(location.hash.split("?")[1] ?? "").get("checkout");

  useEffect(() => {
    Api.plans()
      .then((r) => {
        setPlans(r.data.plans);
        setEnabled(r.data.billing_enabled);
      })
      .catch((e) => setError(errorText(e)));
    Api.me()
      .then((r) => setOrgs(r.data.organizations ?? []))
      .catch(() => undefined);
  }, []);
  const load = useCallback(() => {
    setUsage(null);
    Api.usage(account)
      .then((r) => setUsage(r.data))
      .catch((e) => setError(errorText(e)));
  }, [account]);
  useEffect(load, [load]);

  const go = async (fn: () => Promise<{ data: { url: string } }>) => {
    setBusy(true);
    setError(null);
    try {
      location.assign((await fn()).data.url); // Stripe's page; it comes back to #/billing
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  const admin = !account || ["owner", "admin"].includes(orgs.find((o) => o.id === account)?.role ?? "");
  const current = usage?.plan.id ?? "";
  const buyable = new Set(upgrades(plans, current).map((p) => p.id));
  const sub = usage?.subscription;

  return (
    <div className="billing-screen">
      <header className="topbar" role="banner">
        <button onClick={onBack} aria-label="back to projects">
          ← Projects
        </button>
        <h1>Plans &amp; usage</h1>
        <label className="small inline-field">
          Account
          <select value={account} onChange={(e) => setAccount(e.target.value)} aria-label="billing account">
            <option value="">Personal ({user.email})</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      {returned === "success" && <p className="notice" role="status">Thank you: the subscription starts as soon as Stripe confirms the payment.</p>}
      {returned === "cancelled" && <p className="notice" role="status">Checkout was cancelled; nothing was charged.</p>}
      {!enabled && <p className="notice">Billing is not enabled on this server: plans and their limits are set by its administrator, and nothing can be bought here.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {usage && (
        <section className="usage" aria-label="current plan and usage">
          <h2>
            {usage.plan.name} plan <span className="muted small">billing period {usage.period.start.slice(0, 10)} – {usage.period.end.slice(0, 10)}</span>
          </h2>
          {sub?.status === "past_due" && !sub.limited_to_free && <p className="notice warn">A payment failed: your plan stays in force until {sub.grace_ends?.slice(0, 10)}; update the payment method to keep it.</p>}
          {sub?.limited_to_free && <p className="notice warn">A payment failed and the grace period is over: the Free limits apply until it is paid.</p>}
          {sub?.cancel_at_period_end && <p className="notice">The subscription ends with this billing period.</p>}
          {sub && sub.seats > 1 && <p className="small">{sub.seats} seats (one per member of the organization)</p>}
          <UsageMeters usage={usage} />
          {enabled && admin && sub && (
            <button disabled={busy} onClick={() => go(() => Api.portal(account))} data-testid="manage-subscription">
              Manage subscription
            </button>
          )}
        </section>
      )}
      <section className="plans" aria-label="plans">
        {plans.map((p) => (
          <PlanCard key={p.id} plan={p} current={p.id === current} canBuy={enabled && admin && !sub?.status?.match(/active|trialing|past_due/) && buyable.has(p.id)} busy={busy} onUpgrade={(id) => go(() => Api.checkout(id, account))} />
        ))}
      </section>
      {!admin && <p className="small muted">Only the organization's owners and admins can change its plan.</p>}
    </div>
  );
}
