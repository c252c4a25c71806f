from rest_framework import serializers


class TaxonomyTermSerializer(serializers.Serializer):
    """A territory, theme or audience in the API: its slug and name."""

    slug = serializers.CharField()
    name = serializers.CharField()
