-- docker-compose's cluster profile keeps its realms apart from the single dev-mode node's.
CREATE DATABASE keycloak_cluster OWNER keycloak;
