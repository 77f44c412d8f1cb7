import assert from "node:assert/strict";
import { auditUsers, UsersProgress } from "../lib/audit/users.ts";
import { startSimulator } from "../sim/server.ts";
import { clientsFor, fixtureScenario, IDS } from "./sim/fixtures.ts";

Deno.test("auditUsers counts the users as each ListUsers page arrives, those audited, and the listing's end", async () => {
  const scenario = fixtureScenario();
  const management = scenario.accounts.find((a) => a.id === IDS.management)!;
  const [auditor] = management.users!;
  management.users = Array.from({ length: 5 }, (_, i) => ({ ...auditor, name: `user-${i}` }));
  const sim = await startSimulator(scenario, { pageSize: 2 });
  const { iam, destroy } = clientsFor(sim);
  try {
    const progress = new UsersProgress();
    assert.equal(progress.left, 100, "nothing listed yet: a page of ListUsers is taken to be left");
    const seen: { listed: number; audited: number; ended: boolean; left: number }[] = [];
    for await (const _ of auditUsers(iam, { concurrency: 1, readPolicies: false, progress })) {
      const { listed, audited, listingEnded: ended, left } = progress;
      seen.push({ listed, audited, ended, left });
    }
    assert.deepEqual(
      seen[0],
      { listed: 2, audited: 1, ended: false, left: 101 },
      "a page of two, more to come",
    );
    assert.deepEqual(seen.at(-1), { listed: 5, audited: 5, ended: true, left: 0 });
    assert.equal(seen.length, 5);
  } finally {
    destroy();
    await sim.close();
  }
});
