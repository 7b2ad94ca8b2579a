#include "compose/reconcile/plan.hpp"

#include <sstream>

namespace compose::reconcile {

std::string_view OperationKindName(OperationKind kind) {
    switch (kind) {
        case OperationKind::kCreateNetwork:
            return "CreateNetwork";
        case OperationKind::kRemoveNetwork:
            return "RemoveNetwork";
        case OperationKind::kCreateVolume:
            return "CreateVolume";
        case OperationKind::kRemoveVolume:
            return "RemoveVolume";
        case OperationKind::kCreateContainer:
            return "CreateContainer";
        case OperationKind::kStartContainer:
            return "StartContainer";
        case OperationKind::kStopContainer:
            return "StopContainer";
        case OperationKind::kRemoveContainer:
            return "RemoveContainer";
        case OperationKind::kRenameContainer:
            return "RenameContainer";
        case OperationKind::kConnectNetwork:
            return "ConnectNetwork";
        case OperationKind::kDisconnectNetwork:
            return "DisconnectNetwork";
    }
    return "Unknown";
}

std::size_t Plan::Add(Operation operation) {
    operation.id = operations.size() + 1;
    operations.push_back(std::move(operation));
    return operations.back().id;
}

namespace {

bool IsNetworkOrVolume(OperationKind kind) {
    return kind == OperationKind::kCreateNetwork || kind == OperationKind::kRemoveNetwork ||
           kind == OperationKind::kCreateVolume || kind == OperationKind::kRemoveVolume;
}

std::string Short(std::string_view id) {
    return std::string(id.substr(0, 12));
}

void PrintSubject(std::ostream& out, const Operation& op) {
    if (IsNetworkOrVolume(op.kind)) {
        const bool network = op.kind == OperationKind::kCreateNetwork || op.kind == OperationKind::kRemoveNetwork;
        out << (network ? "network:" : "volume:") << op.key;
    } else if (op.number == 0) {
        out << "service:" << op.service << ":oneoff";
    } else {
        out << "service:" << op.service << ':' << op.number;
    }
}

}  // namespace

std::string Plan::ToString() const {
    std::ostringstream out;
    for (const Operation& op : operations) {
        out << '#' << op.id << ' ' << OperationKindName(op.kind) << ' ';
        PrintSubject(out, op);
        if (!op.name.empty()) {
            out << " name=" << op.name;
        }
        if (!op.id_or_name.empty() && op.id_or_name != op.name) {
            out << " id=" << Short(op.id_or_name);
        }
        if (!op.target.empty()) {
            out << " target=" << op.target;
        }
        if (!op.replaces.empty()) {
            out << " replaces=" << Short(op.replaces);
        }
        if (!op.wait_for.empty()) {
            out << " wait=";
            const char* separator = "";
            for (const model::Dependency& dependency : op.wait_for) {
                out << separator << dependency.service << ':' << dependency.condition;
                if (!dependency.required) {
                    out << ":optional";
                }
                separator = ",";
            }
        }
        if (op.renew_anonymous_volumes) {
            out << " renew-volumes";
        }
        if (op.remove_volumes) {
            out << " volumes=true";
        }
        if (op.timeout >= 0) {
            out << " timeout=" << op.timeout;
        }
        if (!op.reason.empty()) {
            out << " (" << op.reason << ')';
        }
        if (!op.after.empty()) {
            out << " after ";
            const char* separator = "";
            for (std::size_t id : op.after) {
                out << separator << '#' << id;
                separator = ",";
            }
        }
        out << '\n';
    }
    return out.str();
}

}  // namespace compose::reconcile
