import { z } from 'zod';

/** An organization's Azure Bot registration, as its admin saves it. */
export const teamsCredentialsSchema = z.object({
  /** The bot's Microsoft App ID (Entra application id). */
  appId: z.string().min(1),
  /** A client secret of that application. */
  appPassword: z.string().min(1),
  /**
   * For a single-tenant bot: its tenant, which issues its tokens; activities from any other
   * tenant are then refused. Absent for a multi-tenant bot.
   */
  tenantId: z.string().min(1).optional(),
});

export type TeamsCredentials = z.infer<typeof teamsCredentialsSchema>;

export const TEAMS_SECRET_FIELDS = ['appPassword'] as const;
