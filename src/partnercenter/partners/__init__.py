"""Partners, their people, profiles and memberships."""
