/**
 * The output folder, checked before anything is read from AWS: a run that cannot write its reports
 * should say so at once, not after listing the organization.
 *
 * @module
 */
import { AuditError } from "../errors/audit_error.ts";

/**
 * Checks that a folder exists, is a folder, and can be written.
 *
 * @param dir the `--output-dir`
 * @throws {AuditError} `output-dir`, saying which of the three it is not
 */
export async function checkOutputDir(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new AuditError("output-dir", (w) => w.errors.outputDirMissing(dir));
    }
    const why = e instanceof Error ? e.message : String(e);
    throw new AuditError("output-dir", (w) => w.errors.outputDirUnreadable(dir, why), { cause: e });
  }
  if (!info.isDirectory) throw new AuditError("output-dir", (w) => w.errors.outputDirNotAFolder(dir));
  try {
    await Deno.remove(await Deno.makeTempFile({ dir, prefix: ".iam-audit-check-" }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new AuditError("output-dir", (w) => w.errors.outputDirNotWritable(dir, why), { cause: e });
  }
}
