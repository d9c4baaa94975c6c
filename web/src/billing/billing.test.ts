import { describe, expect, it } from "vitest";
import { limitText, meter, priceText, upgrades, usedText, type Plan } from "./billing";

const PLANS: Plan[] = [
  { id: "free", name: "Free", price_usd_month: 0, per_user: false, limits: { max_buses: 25, max_studies_per_month: 10 } },
  { id: "professional", name: "Professional", price_usd_month: 149, per_user: false, limits: { max_buses: 5000 }, available: true },
  { id: "utility", name: "Utility", price_usd_month: 399, per_user: true, limits: { max_buses: null }, available: true },
];

describe("plans and the usage meter", () => {
  it("prices and limits read as the plans page shows them", () => {
    expect(PLANS.map(priceText)).toEqual(["Free", "$149 / month", "$399 / user / month"]);
    expect(limitText("max_buses", 5000)).toBe("5,000 buses per network");
    expect(limitText("max_studies_per_month", null)).toBe("Unlimited studies a month");
  });

  it("fills the meter and marks it near and full", () => {
    expect(meter({ used: 2, limit: 10 })).toEqual({ fraction: 0.2, state: "ok" });
    expect(meter({ used: 8, limit: 10 }).state).toBe("near");
    expect(meter({ used: 10, limit: 10 })).toEqual({ fraction: 1, state: "full" });
    expect(meter({ used: 3, limit: 0 }).state).toBe("full");
    expect(meter({ used: 300, limit: null }).state).toBe("unlimited");
    expect(usedText({ metric: "studies", name: "Studies", unit: "studies", used: 3, limit: 10 })).toBe("3 of 10 studies");
    expect(usedText({ metric: "server_minutes", name: "m", unit: "min", used: 1.254, limit: null })).toBe("1.25 min (no limit)");
  });

  it("offers the paid plans above the current one that the server sells", () => {
    expect(upgrades(PLANS, "free").map((p) => p.id)).toEqual(["professional", "utility"]);
    expect(upgrades(PLANS, "professional").map((p) => p.id)).toEqual(["utility"]);
    expect(upgrades(PLANS, "utility")).toEqual([]);
    expect(upgrades([PLANS[0], { ...PLANS[1], available: false }], "free")).toEqual([]);
    expect(upgrades(PLANS, "local").map((p) => p.id)).toEqual(["professional", "utility"]);
  });
});
