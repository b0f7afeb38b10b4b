import type { RolloutDashboard } from "../reports/rollout-dashboard.ts";

/** The roll-out dashboard (`/admin`): the numbers of reports/rollout-dashboard.ts as they are. */
export type AdminDashboardModel = RolloutDashboard;
