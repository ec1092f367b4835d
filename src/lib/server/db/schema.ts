/**
 * The whole database, as Kysely sees it: one interface per capability, joined here.
 * Each capability keeps its table types beside its code (…/<capability>/tables.ts).
 */
import type { FoundationTables } from './foundation-tables';
import type { DelegateTables } from '$lib/server/delegates/tables';
import type { MailTables } from '$lib/server/mail/tables';
import type { AwardTables } from '$lib/server/awards/tables';
import type { BudgetTables } from '$lib/server/budget/tables';
import type { FileTables } from '$lib/server/files/tables';
import type { SubmissionTables } from '$lib/server/submissions/tables';
import type { InvitationTables } from '$lib/server/invitations/tables';
import type { CheckinTables } from '$lib/server/checkin/tables';

export interface Database extends FoundationTables, DelegateTables, MailTables, InvitationTables, CheckinTables, FileTables, SubmissionTables, BudgetTables, AwardTables {}
