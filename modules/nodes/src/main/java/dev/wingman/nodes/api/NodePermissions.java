package dev.wingman.nodes.api;

/** The permissions and audit actions of the nodes module, as its code names them. */
public final class NodePermissions {
    public static final String CREATE = "nodes:create";
    /** Panel: every node; organisation: the organisation's own nodes. */
    public static final String READ = "nodes:read";
    /** Panel: every node's token and config.yml; organisation: its own nodes'. */
    public static final String READ_CREDENTIALS = "nodes:read-creds";
    public static final String UPDATE = "nodes:update";
    public static final String UPDATE_CREDENTIALS = "nodes:update-creds";
    public static final String DELETE = "nodes:delete";

    public static final String AUDIT_NODE_CREATE = "node.create";
    public static final String AUDIT_NODE_UPDATE = "node.update";
    public static final String AUDIT_NODE_TOKEN_ROTATE = "node.token.rotate";
    public static final String AUDIT_NODE_ASSIGN_ORGANISATION = "node.assign-org";
    public static final String AUDIT_NODE_DELETE = "node.delete";
    public static final String AUDIT_NODE_REBOOT_ALL = "node.reboot-all";
    public static final String AUDIT_NODE_ALLOCATIONS_MOVE = "node.allocations.move";

    private NodePermissions() {
    }
}
