// A request beyond the plan (HTTP 402) anywhere in the app opens this prompt: the API's message says which limit,
// how much of it is used and how to upgrade; "See plans" opens the plans page.
import { useEffect, useState } from "react";
import { PLAN_LIMIT_EVENT, type PlanLimitDetail } from "../billing/billing";
import { Modal } from "./Modal";

export function UpgradePrompt({ onPlans }: { onPlans: () => void }) {
  const [detail, setDetail] = useState<PlanLimitDetail | null>(null);
  useEffect(() => {
    const on = (e: Event) => setDetail((e as CustomEvent<PlanLimitDetail>).detail);
    window.addEventListener(PLAN_LIMIT_EVENT, on);
    return () => window.removeEventListener(PLAN_LIMIT_EVENT, on);
  }, []);
  if (!detail) return null;
  return (
    <Modal title="Plan limit reached" onClose={() => setDetail(null)} className="upgrade-prompt">
      <p data-testid="plan-limit-message">{detail.message}</p>
      <div className="row">
        <button
          className="primary"
          data-autofocus
          onClick={() => {
            setDetail(null);
            onPlans();
          }}
          data-testid="see-plans"
        >
          See plans
        </button>
        <button onClick={() => setDetail(null)}>Not now</button>
      </div>
    </Modal>
  );
}
