from thirdparty import LocalProxy


class Permissions:
    def is_owner(self, resource: object) -> bool:
        return resource is not None

    def owner_name(self, resource: object) -> str:
        return str(resource)


# The annotation is the contract: a proxy stands in for a Permissions.
permissions: Permissions = LocalProxy(lambda: Permissions())
# Without one, the proxy makes its attributes up: nothing is known of them.
unannotated = LocalProxy(lambda: Permissions())
