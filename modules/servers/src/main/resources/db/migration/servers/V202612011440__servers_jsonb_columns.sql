-- JSON kept in text columns and parsed by hand becomes jsonb that Hibernate maps (JSON-B, as the
-- persistence unit sets). Egg config_* sections stay text: they are JSON inside strings, exported
-- exactly as the egg gave them.

-- jsonb cannot hold the character U+0000, which JSON text may carry as the escape \u0000 (a value
-- given through the API). Such escapes are dropped first (an escaped backslash before "u0000" is
-- left alone), so the conversion cannot stop the upgrade.
UPDATE eggs SET features = regexp_replace(features, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g'),
                file_denylist = regexp_replace(file_denylist, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g'),
                docker_images = regexp_replace(docker_images, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g'),
                variables = regexp_replace(variables, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g')
    WHERE strpos(features || file_denylist || docker_images || variables, '\u0000') > 0;
UPDATE server_subusers SET permissions = regexp_replace(permissions, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g')
    WHERE strpos(permissions, '\u0000') > 0;
UPDATE servers SET environment = regexp_replace(environment, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g')
    WHERE strpos(environment, '\u0000') > 0;

-- Lists of strings: the text already is a JSON array.
ALTER TABLE eggs
    ALTER COLUMN features TYPE jsonb USING features::jsonb,
    ALTER COLUMN file_denylist TYPE jsonb USING file_denylist::jsonb;
ALTER TABLE server_subusers
    ALTER COLUMN permissions TYPE jsonb USING permissions::jsonb;

-- Ordered maps. An egg's images (label -> image) and a server's variable values were JSON objects
-- whose key order is the egg's order; jsonb keeps no key order (it sorts keys), so each becomes an
-- array of pairs. The order is read from the text as json (which keeps it), never through jsonb.
-- A USING clause cannot hold the subquery, so the text is first kept as a jsonb string.
ALTER TABLE eggs
    ALTER COLUMN docker_images TYPE jsonb USING to_jsonb(docker_images);
UPDATE eggs SET docker_images = (
    SELECT coalesce(jsonb_agg(jsonb_build_object('label', i.key, 'image', i.value) ORDER BY i.n), '[]'::jsonb)
    FROM json_each_text((docker_images #>> '{}')::json) WITH ORDINALITY AS i (key, value, n));

ALTER TABLE servers
    ALTER COLUMN environment TYPE jsonb USING to_jsonb(environment);
UPDATE servers SET environment = (
    SELECT coalesce(jsonb_agg(jsonb_build_object('name', v.key, 'value', v.value) ORDER BY v.n), '[]'::jsonb)
    FROM json_each_text((environment #>> '{}')::json) WITH ORDINALITY AS v (key, value, n));

-- Egg variables: Pterodactyl's snake_case fields as the panel wrote them become the fields of the
-- EggVariable record, as JSON-B writes it, in the same order.
ALTER TABLE eggs
    ALTER COLUMN variables TYPE jsonb USING variables::jsonb;
UPDATE eggs SET variables = (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'name', v.value -> 'name',
               'description', v.value -> 'description',
               'envVariable', v.value -> 'env_variable',
               'defaultValue', v.value -> 'default_value',
               'userViewable', v.value -> 'user_viewable',
               'userEditable', v.value -> 'user_editable',
               'rules', v.value -> 'rules',
               'fieldType', v.value -> 'field_type') ORDER BY v.n), '[]'::jsonb)
    FROM jsonb_array_elements(variables) WITH ORDINALITY AS v (value, n));
