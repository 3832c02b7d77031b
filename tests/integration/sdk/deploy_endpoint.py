"""Deploys a model to an endpoint with the SageMaker Python SDK v3's resource classes, as a data scientist's notebook
does: Model, EndpointConfig and Endpoint created, `wait_for_status("InService")`, then `invoke`. Prints what it saw as
one JSON line."""

import json
import sys

from sagemaker.core.resources import Endpoint, EndpointConfig, Model
from sagemaker.core.shapes import ContainerDefinition, ProductionVariant

name, image, model_url, role, rows = sys.argv[1:6]
Model.create(model_name=name, primary_container=ContainerDefinition(image=image, model_data_url=model_url), execution_role_arn=role)
EndpointConfig.create(endpoint_config_name=name, production_variants=[
    ProductionVariant(variant_name="AllTraffic", model_name=name, initial_instance_count=1, instance_type="ml.m5.large")])
endpoint = Endpoint.create(endpoint_name=name, endpoint_config_name=name)
endpoint.wait_for_status("InService", poll=1, timeout=300)
answer = endpoint.invoke(body=rows, content_type="text/csv", accept="application/json")
print(json.dumps({"status": Endpoint.get(name).endpoint_status, "variant": answer.invoked_production_variant,
                  "body": json.loads(answer.body.read() if hasattr(answer.body, "read") else answer.body)}))
