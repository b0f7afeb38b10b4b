import type { CampaignProgress } from "../campaigns/campaign-progress.ts";

/** The campaign form as typed, shown again when it is refused. */
export type CampaignFormValues = {
  group: string;
  start: string;
  deadline: string;
  postponements: string;
  reminderDays: string;
};

/** `/admin/campaigns`: the tenant's enrolment campaigns with their progress, and the form. */
export type AdminCampaignsModel = {
  campaigns: CampaignProgress[];
  groups: { id: string; name: string }[];
  /** Whether the form and the "End" buttons are shown. */
  canManage: boolean;
  now: number;
  values: CampaignFormValues;
  notice?: string;
  error?: string;
};
