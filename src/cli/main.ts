import "./thread-pool.ts";
import { Command, CommanderError } from "commander";
import { isVarcoError } from "../errors/varco-error.ts";
import { registerApiClient } from "./commands/apiclient.ts";
import { registerApiKey } from "./commands/apikey.ts";
import { registerAudit } from "./commands/audit.ts";
import { registerCampaign } from "./commands/campaign.ts";
import { registerGroup } from "./commands/group.ts";
import { registerMethod } from "./commands/method.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerRisk } from "./commands/risk.ts";
import { registerRole } from "./commands/role.ts";
import { registerServe } from "./commands/serve.ts";
import { registerSetup } from "./commands/setup.ts";
import { registerTap } from "./commands/tap.ts";
import { registerTenant } from "./commands/tenant.ts";
import { registerTokens } from "./commands/tokens.ts";
import { registerUser } from "./commands/user.ts";
import { registerUsers } from "./commands/users.ts";

const program = new Command("varco")
  .description("Varco, a self-hosted multi-factor authentication server")
  .showHelpAfterError()
  .exitOverride();
registerServe(program);
registerMigrate(program);
registerSetup(program);
registerTenant(program);
registerUser(program);
registerUsers(program);
registerGroup(program);
registerMethod(program);
registerTap(program);
registerTokens(program);
registerApiKey(program);
registerApiClient(program);
registerRole(program);
registerRisk(program);
registerAudit(program);
registerCampaign(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (isVarcoError(error)) {
    process.stderr.write(`error: ${error.code}${error.detail ? `: ${error.detail}` : ""}\n`);
    process.exitCode = 1;
  } else {
    // Unexpected: say what it was; the stack only helps a developer, who can set VARCO_DEBUG.
    const shown = process.env.VARCO_DEBUG ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`error: internal_error: ${shown ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
