package dev.wingman.app;

import dev.wingman.platform.api.Migrations;
import dev.wingman.servers.api.EggVariable;
import dev.wingman.testkit.api.TestServices;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows written while lists and ordered maps were text (JSON, or comma-separated) read as the mapped
 * types after the migrations that convert the columns in place, with every order kept.
 */
class StructuredColumnsMigrationTest {
    /** The first of the conversions (platform's audit details); the rest follow within minutes. */
    private static final MigrationVersion FIRST = MigrationVersion.fromVersion("202612011437");

    private final ClassLoader loader = StructuredColumnsMigrationTest.class.getClassLoader();

    @Test
    void textRowsBecomeJsonbAndArraysInTheirOrder() throws Exception {
        String url = TestServices.freshDatabase(TestServices.get().jdbcUrl());
        MigrationVersion before = Arrays.stream(Migrations.configuration(loader).dataSource(url, null, null).load().info().all())
                .map(MigrationInfo::getVersion).filter(v -> v.compareTo(FIRST) < 0).max(MigrationVersion::compareTo).orElseThrow();
        Migrations.configuration(loader).dataSource(url, null, null).target(before).load().migrate();
        try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
            // As the panel wrote them before: JSON text in the egg's order, comma-separated lists.
            s.execute("""
                    insert into users (id, email, name, password_hash) values ('u1', 'owner@example.test', 'Owner', 'x');
                    insert into organisations (id, name, handle) values ('o1', 'Org', 'org-one');
                    insert into organisation_dns_zones (id, organisation_id, name, provider, external_zone_id, status,
                            name_servers, verified_at)
                        values ('z1', 'o1', 'taken.example', 'cloudflare', 'cf1', 'active', 'b.ns.example,a.ns.example', now());
                    insert into organisation_dns_zones (id, organisation_id, name, provider, status, proof_token, proof_expires_at)
                        values ('z2', 'o1', 'claimed.example', 'cloudflare', 'unverified', 'token', now() + interval '1 hour');
                    insert into nodes (id, uuid, name, url, fqdn, sftp_port, node_type, token_id, token, ipv4_addresses,
                            memory_mib, memory_overallocate, disk_mib, disk_overallocate, deployments_enabled, maintenance,
                            next_check_at, created_at, updated_at)
                        values ('n1', gen_random_uuid(), 'node', 'http://node.example:8080', 'node.example', 2022, 'free',
                            '0123456789abcdef', 'sealed', '10.0.0.2,10.0.0.1', 1024, 0, 1024, 0, true, false, now(), now(), now());
                    insert into node_allocations (id, node_id, ip, port, created_at) values ('a1', 'n1', '10.0.0.2', 25565, now());
                    insert into node_operations (id, node_id, kind, status, phase, progress, results, created_at, updated_at)
                        values ('op1', 'n1', 'reboot-all', 'completed', 'done', 100,
                            '[{"uuid":"u-2","stop":"stopped","start":"started"},{"uuid":"u-1","stop":"failed: x"}]', now(), now());
                    insert into eggs (id, uuid, name, author, features, docker_images, file_denylist, startup, config_files,
                            config_startup, config_logs, config_stop, install_script, install_container, install_entrypoint,
                            variables, created_at, updated_at)
                        values ('e1', gen_random_uuid(), 'Paper', 'a@example.test', '["eula","java_version"]',
                            '{"Java 21":"img21","Java 8":"img8","Beta":"beta"}', '["server.jar"]', 'java -jar',
                            '{ "a" : 1 }', '{"done":")! For help"}', '{}', 'stop', '', 'alpine', 'ash',
                            '[{"name":"Jar","description":"The jar.","env_variable":"SERVER_JARFILE","default_value":"server.jar","user_viewable":true,"user_editable":true,"rules":"required","field_type":"text"},{"name":"Build","description":"","env_variable":"BUILD_NUMBER","default_value":"latest","user_viewable":false,"user_editable":false,"rules":"string","field_type":"text"}]',
                            now(), now());
                    insert into servers (id, uuid, identifier, name, description, owner_id, node_id, egg_id, allocation_id,
                            docker_image, startup, environment, memory_mib, swap_mib, disk_mib, io_weight, cpu_percent,
                            suspended, created_at, updated_at)
                        values ('s1', '12345678-0000-0000-0000-000000000000', '12345678', 'Survival', '', 'u1', 'n1', 'e1',
                            'a1', 'img21', 'java -jar', '{"SERVER_JARFILE":"paper.jar","BUILD_NUMBER":"latest"}', 1024, 0,
                            1024, 500, 0, false, now(), now());
                    insert into server_subusers (server_id, user_id, permissions, created_at, updated_at)
                        values ('s1', 'u1', '["file.read","control.console"]', now(), now());
                    insert into audit_log (id, action, details) values ('l1', 'egg.import', '{"name":"Paper","count":3}');
                    insert into audit_log (id, action, details) values ('l3', 'server.update', '{"motd":"a\\u0000b","path":"c:\\\\u0000"}');
                    insert into servers (id, uuid, identifier, name, description, owner_id, node_id, egg_id, allocation_id,
                            docker_image, startup, environment, memory_mib, swap_mib, disk_mib, io_weight, cpu_percent,
                            suspended, created_at, updated_at)
                        values ('s2', '22345678-0000-0000-0000-000000000000', '22345678', 'Nul', '', 'u1', 'n1', 'e1',
                            'a1', 'img21', 'java -jar', '{"MOTD":"x\\u0000y"}', 1024, 0, 1024, 500, 0, false, now(), now());
                    """);
        }

        assertTrue(Migrations.configuration(loader).dataSource(url, null, null).load().migrate().migrationsExecuted >= 4);

        try (Connection db = DriverManager.getConnection(url)) {
            assertJson(db, "select docker_images from eggs where id = 'e1'",
                    "[{\"label\":\"Java 21\",\"image\":\"img21\"},{\"label\":\"Java 8\",\"image\":\"img8\"},"
                            + "{\"label\":\"Beta\",\"image\":\"beta\"}]");
            assertJson(db, "select environment from servers where id = 's1'",
                    "[{\"name\":\"SERVER_JARFILE\",\"value\":\"paper.jar\"},{\"name\":\"BUILD_NUMBER\",\"value\":\"latest\"}]");
            assertJson(db, "select features from eggs where id = 'e1'", "[\"eula\",\"java_version\"]");
            assertJson(db, "select file_denylist from eggs where id = 'e1'", "[\"server.jar\"]");
            assertJson(db, "select permissions from server_subusers", "[\"file.read\",\"control.console\"]");
            assertJson(db, "select results from node_operations",
                    "[{\"uuid\":\"u-2\",\"stop\":\"stopped\",\"start\":\"started\"},{\"uuid\":\"u-1\",\"stop\":\"failed: x\"}]");
            assertJson(db, "select details from audit_log where id = 'l1'", "{\"name\":\"Paper\",\"count\":3}");
            // jsonb holds no U+0000: the escape is dropped, an escaped backslash before "u0000" stays.
            assertJson(db, "select details from audit_log where id = 'l3'", "{\"motd\":\"ab\",\"path\":\"c:\\\\u0000\"}");
            assertJson(db, "select environment from servers where id = 's2'", "[{\"name\":\"MOTD\",\"value\":\"xy\"}]");
            assertEquals("{ \"a\" : 1 }", text(db, "select config_files from eggs"), "egg configuration stays the egg's text");

            // Variables carry EggVariable's fields now, which is what JSON-B (Hibernate's mapper here) reads.
            Type variables = new ArrayList<EggVariable>() { }.getClass().getGenericSuperclass();
            try (Jsonb jsonb = JsonbBuilder.create()) {
                assertEquals(List.of(
                        new EggVariable("Jar", "The jar.", "SERVER_JARFILE", "server.jar", true, true, "required", "text"),
                        new EggVariable("Build", "", "BUILD_NUMBER", "latest", false, false, "string", "text")),
                        jsonb.fromJson(text(db, "select variables from eggs where id = 'e1'"), variables));
            }

            assertEquals(List.of("10.0.0.2", "10.0.0.1"), array(db, "select ipv4_addresses from nodes"));
            assertEquals(List.of("b.ns.example", "a.ns.example"), array(db, "select name_servers from organisation_dns_zones where id = 'z1'"));
            assertEquals(List.of(), array(db, "select name_servers from organisation_dns_zones where id = 'z2'"),
                    "an empty list is an empty array, not one empty name");

            try (Statement s = db.createStatement()) {
                s.execute("""
                        insert into audit_log (id, action) values ('l2', 'egg.delete');
                        insert into organisation_dns_zones (id, organisation_id, name, provider, status, proof_token, proof_expires_at)
                            values ('z3', 'o1', 'later.example', 'cloudflare', 'unverified', 'token', now() + interval '1 hour');
                        """);
            }
            assertJson(db, "select details from audit_log where id = 'l2'", "{}");
            assertEquals(List.of(), array(db, "select name_servers from organisation_dns_zones where id = 'z3'"), "defaults still apply");
        }
    }

    /** The jsonb value equals the expected JSON (jsonb equality: arrays in order, object keys in any). */
    private static void assertJson(Connection db, String select, String expected) throws Exception {
        try (PreparedStatement s = db.prepareStatement("select v = cast(? as jsonb), cast(v as text) from (" + select + ") as q (v)")) {
            s.setString(1, expected);
            try (ResultSet row = s.executeQuery()) {
                assertTrue(row.next(), select);
                assertTrue(row.getBoolean(1), select + " -> " + row.getString(2));
            }
        }
    }

    private static String text(Connection db, String select) throws Exception {
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery(select)) {
            assertTrue(row.next(), select);
            return row.getString(1);
        }
    }

    private static List<String> array(Connection db, String select) throws Exception {
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery(select)) {
            assertTrue(row.next(), select);
            return Arrays.asList((String[]) row.getArray(1).getArray());
        }
    }
}
