// Calls the Pterodactyl client libraries' own functions, unchanged, against a Wingman panel and
// checks what they answer. PterodactylClientLibrariesTest runs it with the panel's address, a
// client API key and a server identifier, then checks the node's disk for what the calls did.
//
//   node check.cjs <suite>   suites: files, backups, account
//   env: PANEL_URL, API_KEY, SERVER; for account also PASSWORD (the account's) and NEW_EMAIL
//
// Prints one line per step; exits 1 at the first step that fails.
'use strict';

const { Client } = require('jspteroapi');
const { NodeactylClient } = require('nodeactyl');

const panel = process.env.PANEL_URL;
const key = process.env.API_KEY;
const server = process.env.SERVER;

function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

async function step(name, action) {
    try {
        const result = await action();
        console.log('ok   ' + name);
        return result;
    } catch (e) {
        const detail = e && e.ERRORS ? JSON.stringify(e.ERRORS) : (e && e.stack) || String(e);
        console.log('FAIL ' + name + ': ' + (e && e.HTML_STATUS ? e.HTML_STATUS + ' ' : '') + detail);
        process.exit(1);
    }
}

async function until(what, probe) {
    for (let i = 0; i < 150; i++) {
        const value = await probe();
        if (value) {
            return value;
        }
        await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error('timed out waiting for ' + what);
}

async function files(client) {
    await step('writeFile', () => client.writeFile(server, '/compat/hello.txt', 'hello from jspteroapi\n'));
    await step('getFileContents', async () => {
        const text = await client.getFileContents(server, 'compat/hello.txt');
        check(text === 'hello from jspteroapi\n', 'contents were ' + JSON.stringify(text));
    });
    await step('getAllFiles', async () => {
        const listed = await client.getAllFiles(server, 'compat');
        check(listed.some(f => f.object === 'file_object' && f.attributes.name === 'hello.txt' && f.attributes.is_file),
            'hello.txt not listed: ' + JSON.stringify(listed));
    });
    await step('createFolder', () => client.createFolder(server, { root: '/compat', name: 'world' }));
    await step('copyFile', () => client.copyFile(server, '/compat/hello.txt'));
    await step('renameFile', () => client.renameFile(server, { root: '/compat', files: [{ from: 'hello copy.txt', to: 'world/level.dat' }] }));
    const archive = await step('compressFile', async () => {
        const made = await client.compressFile(server, { root: '/compat', files: ['world'] });
        check(made && made.name && made.name.endsWith('.tar.gz'), 'archive was ' + JSON.stringify(made));
        return made;
    });
    await step('deleteFile', () => client.deleteFile(server, { root: '/compat', files: ['world'] }));
    await step('decompressFile', () => client.decompressFile(server, { root: '/compat', file: archive.name }));
    await step('getAllFiles after decompress', async () => {
        const listed = await client.getAllFiles(server, 'compat/world');
        check(listed.some(f => f.attributes.name === 'level.dat'), 'level.dat not restored: ' + JSON.stringify(listed));
    });
    await step('getFileDownloadLink', async () => {
        const url = await client.getFileDownloadLink(server, 'compat/hello.txt');
        const fetched = await fetch(url);
        check(fetched.ok, 'download answered ' + fetched.status);
        check(await fetched.text() === 'hello from jspteroapi\n', 'downloaded other bytes');
    });
    await step('getFileUploadLink', async () => {
        const url = await client.getFileUploadLink(server);
        const form = new FormData();
        form.append('files', new Blob(['uploaded through the signed link\n']), 'uploaded.txt');
        const sent = await fetch(url + '&directory=' + encodeURIComponent('/compat'), { method: 'POST', body: form });
        check(sent.ok, 'upload answered ' + sent.status);
        const text = await client.getFileContents(server, 'compat/uploaded.txt');
        check(text === 'uploaded through the signed link\n', 'uploaded file reads ' + JSON.stringify(text));
    });
}

async function backups(client, nodeactyl) {
    await client.writeFile(server, '/backed-up.txt', 'kept by a backup\n');
    const backup = await step('createBackup', async () => {
        const made = await client.createBackup(server, 'compat', [], false);
        check(made.uuid && made.name === 'compat', 'created ' + JSON.stringify(made));
        return made;
    });
    await step('getBackupInfo until completed', () => until('the backup to complete', async () => {
        const info = await client.getBackupInfo(server, backup.uuid);
        return info.completed_at && info.is_successful && info.checksum && info.bytes > 0;
    }));
    await step('getAllBackups', async () => {
        const listed = await client.getAllBackups(server);
        check(listed.some(b => b.object === 'backup' && b.attributes.uuid === backup.uuid), 'not listed: ' + JSON.stringify(listed));
    });
    await step('toggleLockBackup', async () => {
        check((await client.toggleLockBackup(server, backup.uuid)).is_locked === true, 'not locked');
        check((await client.toggleLockBackup(server, backup.uuid)).is_locked === false, 'not unlocked');
    });
    await step('getBackupDownloadLink', async () => {
        const url = await client.getBackupDownloadLink(server, backup.uuid);
        const fetched = await fetch(url);
        check(fetched.ok, 'download answered ' + fetched.status);
        check((await fetched.arrayBuffer()).byteLength > 0, 'empty archive');
    });
    await client.deleteFile(server, { root: '/', files: ['backed-up.txt'] });
    await step('restoreBackup', () => client.restoreBackup(server, backup.uuid, false));
    await step('file back after restore', () => until('the restore to finish', async () => {
        try {
            return await client.getFileContents(server, 'backed-up.txt') === 'kept by a backup\n';
        } catch (e) {
            return false; // 409 while restoring, 404 until the file is there
        }
    }));
    await step('deleteBackup', () => client.deleteBackup(server, backup.uuid));

    // Nodeactyl's backup functions: create takes no arguments (an empty body).
    const made = await step('nodeactyl createServerBackup', async () => {
        const attributes = await nodeactyl.createServerBackup(server);
        check(attributes.uuid, 'created ' + JSON.stringify(attributes));
        return attributes;
    });
    await step('nodeactyl getBackupDetails until completed', () => until('the backup to complete', async () =>
        (await nodeactyl.getBackupDetails(server, made.uuid)).is_successful));
    await step('nodeactyl listServerBackups', async () => {
        const listed = await nodeactyl.listServerBackups(server);
        check(listed.some(b => b.attributes.uuid === made.uuid), 'not listed');
    });
    await step('nodeactyl getBackupDownload', async () => {
        const link = await nodeactyl.getBackupDownload(server, made.uuid);
        check(link.url && (await fetch(link.url)).ok, 'link ' + JSON.stringify(link));
    });
    await step('nodeactyl deleteBackup', async () => check(await nodeactyl.deleteBackup(server, made.uuid) === true, 'not deleted'));
}

async function account(client, nodeactyl) {
    const me = await step('nodeactyl getAccountDetails', async () => {
        const details = await nodeactyl.getAccountDetails();
        check(Number.isInteger(details.id) && details.email, 'details ' + JSON.stringify(details));
        return details;
    });
    await step('jspteroapi getAccountInfo', async () => {
        const info = await client.getAccountInfo();
        check(info.email === me.email, 'info ' + JSON.stringify(info));
    });
    const made = await step('nodeactyl createApiKey', async () => {
        const created = await nodeactyl.createApiKey('made by nodeactyl');
        check(created.meta && created.meta.secret_token && created.attributes.identifier, 'created ' + JSON.stringify(created));
        return created;
    });
    // As Pterodactyl 1.x's plainTextToken: secret_token is the whole key.
    await step('the new key works', async () => {
        const other = new NodeactylClient(panel, made.meta.secret_token);
        check((await other.getAccountDetails()).email === me.email, 'not the same account');
    });
    await step('nodeactyl getApiKeys', async () => {
        const keys = await nodeactyl.getApiKeys();
        const listed = keys.find(k => k.attributes.identifier === made.attributes.identifier);
        check(listed && listed.attributes.description === 'made by nodeactyl', 'not listed: ' + JSON.stringify(keys));
        check(!JSON.stringify(keys).includes(made.meta.secret_token), 'a listed key shows its secret');
    });
    await step('nodeactyl deleteApiKey', async () => check(await nodeactyl.deleteApiKey(made.attributes.identifier) === true, 'not deleted'));
    await step('nodeactyl updateEmail', async () => {
        check(await nodeactyl.updateEmail(process.env.NEW_EMAIL, process.env.PASSWORD) === true, 'not changed');
        check((await nodeactyl.getAccountDetails()).email === process.env.NEW_EMAIL, 'e-mail unchanged');
    });
    // Nodeactyl's PUT requests swallow every error (it only logs them), so a refusal is checked with jspteroapi.
    await step('jspteroapi updateEmail, wrong password', async () => {
        const status = await client.updateEmail('x-' + process.env.NEW_EMAIL, 'not the password')
            .then(() => 'accepted', e => e.HTML_STATUS);
        check(status === 400, 'answered ' + status);
        check((await nodeactyl.getAccountDetails()).email === process.env.NEW_EMAIL, 'e-mail changed without the password');
    });
}

const suites = { files, backups, account };

(async () => {
    const suite = suites[process.argv[2]];
    check(panel && key && server, 'PANEL_URL, API_KEY and SERVER are needed');
    check(suite, 'suite must be one of ' + Object.keys(suites).join(', '));
    // fast = true: the library's own credential check runs unawaited and could outlive a failure.
    const client = new Client(panel, key, undefined, true);
    const nodeactyl = new NodeactylClient(panel, key);
    await step('getAllServers', async () => {
        const servers = await client.getAllServers();
        check(servers.some(s => s.attributes.identifier === server), 'server ' + server + ' not listed');
    });
    await suite(client, nodeactyl);
    console.log('done ' + process.argv[2]);
})().catch(e => {
    console.log('FAIL ' + ((e && e.stack) || e));
    process.exit(1);
});
