-- One audit naming convention: resource.action, dotted, singular resource (role.create, server.reinstall).
-- Server activity was stored with Pterodactyl's "server:" prefix; the client API still shows it that way.
UPDATE audit_log SET action = CASE action
        WHEN 'users.update' THEN 'user.update'
        WHEN 'roles.create' THEN 'role.create'
        WHEN 'roles.update' THEN 'role.update'
        WHEN 'roles.delete' THEN 'role.delete'
        WHEN 'roles.assign' THEN 'role.assign'
        WHEN 'roles.unassign' THEN 'role.unassign'
        WHEN 'organisations.delete' THEN 'organisation.delete'
        WHEN 'organisations.update' THEN 'organisation.update'
        WHEN 'features.update' THEN 'feature.update'
    END
WHERE scope_type IS NULL
  AND action IN ('users.update', 'roles.create', 'roles.update', 'roles.delete', 'roles.assign', 'roles.unassign',
                 'organisations.delete', 'organisations.update', 'features.update');

UPDATE audit_log SET action = 'server.' || substring(action FROM 8)
WHERE scope_type = 'server' AND action LIKE 'server:%';
