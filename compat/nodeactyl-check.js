// Drives Wingman's /api/client with Nodeactyl (a published Pterodactyl client library), unchanged:
// node nodeactyl-check.js <panel url> <API key> <server identifier>
const Nodeactyl = require('nodeactyl');

const [panel, key, server] = process.argv.slice(2);
const client = new Nodeactyl.NodeactylClient(panel, key);

function check(condition, what) {
  if (!condition) {
    throw new Error('FAILED: ' + what);
  }
  console.log('ok - ' + what);
}

(async () => {
  const list = await client.getAllServers();
  check(list.object === 'list' && list.data.some(s => s.attributes.identifier === server), 'getAllServers lists the server');
  const details = await client.getServerDetails(server);
  check(details.identifier === server && details.limits.memory === 512, 'getServerDetails reads its attributes');
  check(await client.startServer(server) === true, 'startServer is accepted');
  let state;
  for (let i = 0; i < 50 && state !== 'running'; i++) {
    await new Promise(r => setTimeout(r, 200));
    state = await client.getServerStatus(server);
  }
  check(state === 'running', 'getServerStatus reports running after the start');
  check(await client.sendServerCommand(server, 'say hello from nodeactyl') === true, 'sendServerCommand is accepted');
  const usages = await client.getServerUsages(server);
  check(typeof usages.resources.memory_bytes === 'number', 'getServerUsages reads resources');
  check(await client.stopServer(server) === true, 'stopServer is accepted');
})().catch(e => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
