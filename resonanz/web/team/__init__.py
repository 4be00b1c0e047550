"""Users, workspaces they belong to (with roles), invitations and API tokens."""
