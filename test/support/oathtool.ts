import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The TOTP code oathtool (an independent implementation) computes for a Base32 secret. */
export async function oathtoolTotp(
  secret: string,
  options: { timeMs: number; algorithm?: string; digits?: number; period?: number },
): Promise<string> {
  const { stdout } = await run("oathtool", [
    "--base32",
    `--totp=${(options.algorithm ?? "SHA1").toLowerCase()}`,
    `--digits=${options.digits ?? 6}`,
    `--time-step-size=${options.period ?? 30}s`,
    `--now=@${Math.floor(options.timeMs / 1000)}`,
    secret,
  ]);
  return stdout.trim();
}

/** The HOTP code oathtool computes for a hex secret at `counter`. */
export async function oathtoolHotp(
  hexSecret: string,
  counter: number,
  options: { digits?: number } = {},
): Promise<string> {
  const { stdout } = await run("oathtool", [
    "--hotp",
    `--digits=${options.digits ?? 6}`,
    `--counter=${counter}`,
    hexSecret,
  ]);
  return stdout.trim();
}
